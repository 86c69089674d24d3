import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defaults } from '../config/defaults.ts';
import type { PoolConfig } from '../config/schema.ts';
import { Prisma, type PrismaClient, type User, type UserStatus } from '../generated/prisma/client.ts';
import type { Triggers } from '../triggers/triggers.ts';
import { isWritableAttribute, otherAttributes } from './attributes.ts';
import { CognitoError, messages } from './errors.ts';
import { secondFactorDue } from './mfa-settings.ts';
import { checkPasswordPolicy, hashPassword, verifyAgainstDecoy, verifyPassword } from './passwords.ts';
import { makeVerifier, srpPoolName } from './srp.ts';

export type Clock = () => Date;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An app client's PreventUserExistenceErrors: ENABLED answers a login that names no user the way it
 * answers a wrong password; LEGACY says the user does not exist.
 */
export type UserExistenceErrors = 'ENABLED' | 'LEGACY';

interface NewUser {
  email: string;
  password?: string;
  emailVerified?: boolean;
  attributes?: Record<string, string>;
  status: UserStatus;
}

/** The outcome of a password sign-in. `newPasswordRequired` is Cognito's NEW_PASSWORD_REQUIRED challenge. */
type SignInResult = { user: User; newPasswordRequired: boolean };

/**
 * How a sign-in proves the password: the password itself (hosted page, USER_PASSWORD_AUTH) or an SRP
 * claim (USER_SRP_AUTH). Either way the same lock-out and the same answers apply.
 */
export interface PasswordProof {
  /** Whether the user's record can check this proof at all (an SRP claim needs the user's verifier). */
  checkable(user: User): boolean;
  matches(user: User): Promise<boolean>;
  /** The work `matches` does, for a login that names no user, so that timing does not tell. */
  decoy(): Promise<void>;
  /** The password itself, when the proof is the password: only then can an unknown user be migrated. */
  password?: string;
}

/** The pool's users: Cognito's rules for creating, finding, signing in and changing them. */
export class Users {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly config: PoolConfig,
    private readonly now: Clock = () => new Date(),
    private readonly triggers?: Triggers,
  ) {}

  /** Finds a user by what a person types to sign in: their email, or their username (`sub`). */
  find(login: string): Promise<User | null> {
    const value = login.trim();
    return this.prisma.user.findFirst({
      where: { OR: [{ email: value.toLowerCase() }, { username: value }] },
    });
  }

  /** The user a token names (its `sub`). */
  bySub(sub: string): Promise<User | null> {
    if (!uuid.test(sub)) return Promise.resolve(null);
    return this.prisma.user.findUnique({ where: { sub } });
  }

  async get(login: string): Promise<User> {
    const user = await this.find(login);
    if (!user) throw new CognitoError('UserNotFoundException', messages.userNotFound);
    return user;
  }

  async create(input: NewUser): Promise<User> {
    if (input.password !== undefined) checkPasswordPolicy(input.password, this.config.pool.passwordPolicy);
    const attributes = { ...(input.attributes ?? {}) };
    for (const name of Object.keys(attributes)) {
      if (
        !isWritableAttribute(name, this.config.pool.customAttributes) ||
        name === 'email' ||
        name === 'email_verified'
      ) {
        throw new CognitoError('InvalidParameterException', `Attribute does not exist in the schema: ${name}`);
      }
    }
    const sub = randomUUID();
    try {
      return await this.prisma.user.create({
        data: {
          sub,
          username: sub,
          email: input.email.trim().toLowerCase(),
          emailVerified: input.emailVerified ?? false,
          attributes,
          status: input.status,
          ...(input.password === undefined ? {} : await this.passwordColumns(sub, input.password)),
        },
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new CognitoError('UsernameExistsException', messages.userExists);
      }
      throw error;
    }
  }

  /**
   * Checks a password the way Cognito does: a doubling lock-out after repeated failures ("Password
   * attempts exceeded"). With ENABLED an unknown login gets the wrong password's answer, lock-out
   * included (counted per login); with LEGACY it is UserNotFoundException.
   */
  signIn(
    login: string,
    password: string,
    existenceErrors: UserExistenceErrors,
    clientId?: string,
  ): Promise<SignInResult> {
    return this.signInWith(login, this.passwordProof(password), existenceErrors, clientId);
  }

  /**
   * A sign-in with any proof of the password: the same lock-out, checks and answers as `signIn`. The
   * pool's triggers fire here, for the hosted page and the API alike: user migration for a login that
   * names nobody (only with the password itself, as Cognito), pre authentication before the password
   * is checked, post authentication after a complete sign-in.
   */
  async signInWith(
    login: string,
    proof: PasswordProof,
    existenceErrors: UserExistenceErrors,
    clientId?: string,
  ): Promise<SignInResult> {
    let user = await this.find(login);
    if (!user && proof.password !== undefined) {
      user = await this.migrate(login, clientId, proof.password);
    }
    if (!user?.passwordHash) return this.unknownSignIn(login, proof, existenceErrors);
    if (this.lockedOut(user)) throw new CognitoError('NotAuthorizedException', messages.attemptsExceeded);
    await this.triggers?.preAuthentication({ userName: user.username, clientId }, user);
    // Not the person's fault (no SRP verifier yet): refused, but not counted towards the lock-out.
    if (!proof.checkable(user)) throw new CognitoError('NotAuthorizedException', messages.incorrectCredentials);
    if (!(await proof.matches(user))) {
      await this.recordFailure(user);
      throw new CognitoError('NotAuthorizedException', messages.incorrectCredentials);
    }
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', messages.userDisabled);
    // A user who owes a TOTP code is not through yet: their failures count until the code is right
    // (software-tokens.ts), so that guessing codes meets the same lock-out as guessing passwords.
    const owesCode = secondFactorDue(this.config.pool.mfa, user) === 'SOFTWARE_TOKEN_MFA';
    if ((user.failedSignIns > 0 || user.lockedUntil) && !owesCode) {
      await this.prisma.user.update({ where: { sub: user.sub }, data: { failedSignIns: 0, lockedUntil: null } });
    }
    switch (user.status) {
      case 'UNCONFIRMED':
        throw new CognitoError('UserNotConfirmedException', messages.userNotConfirmed);
      case 'RESET_REQUIRED':
        throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
      case 'FORCE_CHANGE_PASSWORD':
        if (this.temporaryPasswordExpired(user)) {
          throw new CognitoError('NotAuthorizedException', messages.temporaryPasswordExpired);
        }
        return { user, newPasswordRequired: true };
      default:
        await this.triggers?.postAuthentication({ userName: user.username, clientId }, user);
        return { user, newPasswordRequired: false };
    }
  }

  /**
   * Cognito's user migration: the handler is asked about a login the pool does not know, at sign-in
   * with the typed password, or in the forgot-password flow without one. If it vouches for the
   * person, the user is made on the spot: with that password (CONFIRMED) or to reset it
   * (RESET_REQUIRED, always so without a password); if it refuses, nobody is made and the operation
   * goes on as for an unknown login. A handler that cannot be reached fails the operation.
   */
  async migrate(login: string, clientId?: string, password?: string): Promise<User | null> {
    if (!this.triggers?.has('userMigration')) return null;
    let answer: Awaited<ReturnType<Triggers['userMigration']>>;
    try {
      answer = await this.triggers.userMigration(
        { userName: login.trim(), clientId },
        password === undefined ? 'UserMigration_ForgotPassword' : 'UserMigration_Authentication',
        password === undefined ? { validationData: {} } : { password, validationData: {} },
      );
    } catch (error) {
      if (error instanceof CognitoError && error.type === 'UserLambdaValidationException') return null;
      throw error;
    }
    const { email, email_verified: emailVerified, sub: _sub, ...attributes } = answer.userAttributes ?? {};
    const status =
      answer.finalUserStatus === 'RESET_REQUIRED' || password === undefined ? 'RESET_REQUIRED' : 'CONFIRMED';
    try {
      return await this.create({
        email: email ?? login,
        password,
        emailVerified: emailVerified === 'true',
        attributes,
        status,
      });
    } catch (error) {
      // Another sign-in migrated the same person a moment ago.
      if (error instanceof CognitoError && error.type === 'UsernameExistsException') return this.find(login);
      throw error;
    }
  }

  /**
   * The password itself as proof. A user without an SRP verifier (made before verifiers were kept)
   * gets one here, where the password is seen.
   */
  private passwordProof(password: string): PasswordProof {
    return {
      checkable: () => true,
      matches: async (user) => {
        if (!user.passwordHash || !(await verifyPassword(user.passwordHash, password))) return false;
        if (!user.srpVerifier) await this.storeSrpVerifier(user, password);
        return true;
      },
      decoy: () => verifyAgainstDecoy(password),
      password,
    };
  }

  /**
   * Makes the SRP verifier of a user who has none, when `password` is theirs (the pool file names a
   * seed user's password): such users can use USER_SRP_AUTH without signing in once first.
   */
  async adoptSrpVerifier(user: User, password: string): Promise<void> {
    if (!user.srpVerifier && user.passwordHash && (await verifyPassword(user.passwordHash, password))) {
      await this.storeSrpVerifier(user, password);
    }
  }

  private async storeSrpVerifier(user: User, password: string): Promise<void> {
    const { salt, verifier } = this.srpVerifierOf(user.username, password);
    await this.prisma.user.update({ where: { sub: user.sub }, data: { srpSalt: salt, srpVerifier: verifier } });
  }

  /** SRP's USER_ID_FOR_SRP is the internal username (the `sub` in a pool that signs in by email). */
  private srpVerifierOf(username: string, password: string) {
    return makeVerifier(srpPoolName(this.config.server.userPoolId), username, password);
  }

  /** The same steps as a known user's failed sign-in (lock check, a hash to verify, a counted failure). */
  private async unknownSignIn(
    login: string,
    proof: PasswordProof,
    existenceErrors: UserExistenceErrors,
  ): Promise<never> {
    if (existenceErrors === 'LEGACY') {
      await proof.decoy();
      throw new CognitoError('UserNotFoundException', messages.userNotFound);
    }
    const loginHash = createHash('sha256').update(login.trim().toLowerCase()).digest('hex');
    const seen = await this.prisma.unknownSignIn.findUnique({ where: { loginHash } });
    if (seen?.lockedUntil && seen.lockedUntil > this.now()) {
      throw new CognitoError('NotAuthorizedException', messages.attemptsExceeded);
    }
    await proof.decoy();
    // Count atomically, as for a user: parallel guesses cannot share one attempt.
    const { failures } = await this.prisma.unknownSignIn.upsert({
      where: { loginHash },
      create: { loginHash, failures: 1 },
      update: { failures: { increment: 1 } },
      select: { failures: true },
    });
    const lockedUntil = this.lockAfter(failures);
    if (lockedUntil) await this.prisma.unknownSignIn.update({ where: { loginHash }, data: { lockedUntil } });
    // Logins nobody has tried for a day are forgotten, so guessed names do not pile up.
    await this.prisma.unknownSignIn.deleteMany({
      where: { updatedAt: { lt: new Date(this.now().getTime() - defaults.pool.unknownSignInDays * 86_400_000) } },
    });
    throw new CognitoError('NotAuthorizedException', messages.incorrectCredentials);
  }

  private temporaryPasswordExpired(user: User): boolean {
    const days = this.config.pool.passwordPolicy.temporaryPasswordValidityDays;
    return days > 0 && this.now().getTime() - user.updatedAt.getTime() > days * 86_400_000;
  }

  /** Whether the user's failed sign-ins (passwords and TOTP codes alike) lock them out now. */
  lockedOut(user: User): boolean {
    return Boolean(user.lockedUntil && user.lockedUntil > this.now());
  }

  async recordFailure(user: User): Promise<void> {
    // Count atomically so that parallel guesses cannot share one attempt.
    const { failedSignIns } = await this.prisma.user.update({
      where: { sub: user.sub },
      data: { failedSignIns: { increment: 1 } },
      select: { failedSignIns: true },
    });
    const lockedUntil = this.lockAfter(failedSignIns);
    if (lockedUntil) await this.prisma.user.update({ where: { sub: user.sub }, data: { lockedUntil } });
  }

  /** Until when a login is locked after this many failures (none before the free attempts are used). */
  private lockAfter(failures: number): Date | undefined {
    const over = failures - defaults.pool.lockout.freeAttempts;
    if (over < 0) return undefined;
    const seconds = Math.min(defaults.pool.lockout.firstLockSeconds * 2 ** over, defaults.pool.lockout.maxLockSeconds);
    return new Date(this.now().getTime() + seconds * 1000);
  }

  /**
   * Cognito's ChangePassword: a signed-in user proves the current password, then sets one the
   * policy accepts. A wrong one counts towards the sign-in lock-out; while it lasts, Cognito's
   * "Attempt limit exceeded".
   */
  async changePassword(sub: string, previous: string, proposed: string): Promise<User> {
    checkPasswordPolicy(proposed, this.config.pool.passwordPolicy);
    const user = await this.prisma.user.findUniqueOrThrow({ where: { sub } });
    if (this.lockedOut(user)) throw new CognitoError('LimitExceededException', messages.codeAttemptsExceeded);
    if (!user.passwordHash || !(await verifyPassword(user.passwordHash, previous))) {
      await this.recordFailure(user);
      throw new CognitoError('NotAuthorizedException', messages.incorrectCredentials);
    }
    return this.setPassword(sub, proposed, true);
  }

  /** Sets a password. `permanent: false` makes it temporary (FORCE_CHANGE_PASSWORD), as AdminSetUserPassword does. */
  async setPassword(sub: string, password: string, permanent: boolean): Promise<User> {
    checkPasswordPolicy(password, this.config.pool.passwordPolicy);
    const { username } = await this.prisma.user.findUniqueOrThrow({ where: { sub }, select: { username: true } });
    return this.prisma.user.update({
      where: { sub },
      data: {
        ...(await this.passwordColumns(username, password)),
        status: permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD',
        failedSignIns: 0,
        lockedUntil: null,
      },
    });
  }

  /**
   * Cognito's NEW_PASSWORD_REQUIRED answered (hosted page or API): the user who proved the temporary
   * password sets a permanent one, with any attributes the answer carries. The policy is checked first.
   */
  /**
   * The answer to NEW_PASSWORD_REQUIRED (hosted page and API alike): the new password replaces the
   * temporary one, and the sign-in is complete, so post authentication fires as after any other.
   */
  async completeNewPassword(
    sub: string,
    password: string,
    attributes: Record<string, string> = {},
    clientId?: string,
  ): Promise<User> {
    checkPasswordPolicy(password, this.config.pool.passwordPolicy);
    const user = await this.prisma.user.findUnique({ where: { sub } });
    // The temporary password was changed or reset meanwhile, or the user went: that sign-in is over.
    if (user?.status !== 'FORCE_CHANGE_PASSWORD') {
      throw new CognitoError('NotAuthorizedException', messages.invalidSession);
    }
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', messages.userDisabled);
    if (Object.keys(attributes).length > 0) await this.updateAttributes(sub, attributes);
    const changed = await this.setPassword(sub, password, true);
    await this.triggers?.postAuthentication({ userName: changed.username, clientId }, changed);
    return changed;
  }

  /** The argon2id hash and the SRP verifier of a password, always set together. */
  private async passwordColumns(username: string, password: string) {
    const { salt, verifier } = this.srpVerifierOf(username, password);
    return { passwordHash: await hashPassword(password), srpSalt: salt, srpVerifier: verifier };
  }

  /**
   * Confirms a sign-up. With the code mailed to the email, the email is proven too; an administrator's
   * AdminConfirmSignUp proves nothing about it, so there (as in Cognito) `email_verified` stays as it was.
   */
  confirm(sub: string, options: { emailProven: boolean }): Promise<User> {
    return this.prisma.user.update({
      where: { sub },
      data: { status: 'CONFIRMED', ...(options.emailProven && { emailVerified: true }) },
    });
  }

  markEmailVerified(sub: string): Promise<User> {
    return this.prisma.user.update({ where: { sub }, data: { emailVerified: true } });
  }

  setEnabled(sub: string, enabled: boolean): Promise<User> {
    return this.prisma.user.update({ where: { sub }, data: { enabled } });
  }

  async updateAttributes(sub: string, updates: Record<string, string>): Promise<User> {
    const user = await this.prisma.user.findUniqueOrThrow({ where: { sub } });
    const attributes = otherAttributes(user);
    const data: Prisma.UserUpdateInput = {};
    for (const [name, value] of Object.entries(updates)) {
      if (!isWritableAttribute(name, this.config.pool.customAttributes)) {
        throw new CognitoError('InvalidParameterException', `Attribute does not exist in the schema: ${name}`);
      }
      if (name === 'email') {
        if (!z.email().safeParse(value.trim()).success) {
          throw new CognitoError('InvalidParameterException', 'Invalid email address format.');
        }
        data.email = value.trim().toLowerCase();
        // A changed email is unverified until proven (Cognito's default), and a code sent to the old
        // one no longer proves anything.
        if (data.email !== user.email) {
          if (updates.email_verified === undefined) data.emailVerified = false;
          data.codes = { deleteMany: { purpose: 'VERIFY_EMAIL' } };
        }
      } else if (name === 'email_verified') {
        data.emailVerified = value === 'true';
      } else {
        attributes[name] = value;
      }
    }
    data.attributes = attributes;
    try {
      return await this.prisma.user.update({ where: { sub }, data });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new CognitoError('UsernameExistsException', messages.userExists);
      }
      throw error;
    }
  }

  async delete(sub: string): Promise<void> {
    await this.prisma.user.delete({ where: { sub } });
  }

  /** Cognito's ListUsers, with its `Filter` limited to `attr = "v"` and `attr ^= "prefix"`. */
  async list(options: { limit: number; after?: string; filter?: { name: string; value: string; prefix: boolean } }) {
    const where: Prisma.UserWhereInput = {};
    const { filter } = options;
    if (filter) {
      const match = filter.prefix ? { startsWith: filter.value } : { equals: filter.value };
      if (filter.name === 'email') where.email = match;
      else if (filter.name === 'username' || filter.name === 'sub') where.sub = match;
      else if (filter.name === 'cognito:user_status') where.status = filter.value as UserStatus;
      // Cognito's `status` filter is Enabled/Disabled.
      else if (filter.name === 'status') where.enabled = filter.value === 'Enabled';
      else throw new CognitoError('InvalidParameterException', `Invalid search attribute: ${filter.name}`);
    }
    const users = await this.prisma.user.findMany({
      where: options.after ? { AND: [where, { sub: { gt: options.after } }] } : where,
      orderBy: { sub: 'asc' },
      take: options.limit + 1,
    });
    const page = users.slice(0, options.limit);
    return { users: page, next: users.length > options.limit ? page.at(-1)?.sub : undefined };
  }
}
