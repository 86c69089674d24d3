import type { PoolConfig } from '../config/schema.ts';
import type { PrismaClient, User } from '../generated/prisma/client.ts';
import { CognitoError, messages } from './errors.ts';
import { newTotpSecret, type TotpSecretBox, totpStep } from './totp.ts';
import type { Clock, Users } from './users.ts';

/** SetUserMFAPreference's SoftwareTokenMfaSettings: fields left out stay as they are. */
export interface SoftwareTokenPreference {
  Enabled?: boolean;
  PreferredMfa?: boolean;
}

/**
 * Users' TOTP authenticators (Cognito's software tokens), for the API and the hosted pages alike:
 * associating a secret, verifying it with a first code (which replaces any token verified before),
 * the user's preference, and the code a sign-in asks for. Secrets are stored sealed (totp.ts) and
 * handed out once, by `associate`.
 */
export class SoftwareTokens {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly config: PoolConfig,
    private readonly users: Users,
    private readonly box: TotpSecretBox,
    private readonly now: Clock = () => new Date(),
  ) {}

  /** AssociateSoftwareToken: a new secret for the user, kept until verified; returns the SecretCode. */
  async associate(user: User): Promise<string> {
    this.checkPool();
    const secret = newTotpSecret();
    await this.prisma.user.update({
      where: { sub: user.sub },
      data: { totpPendingSecret: await this.box.seal(user.sub, secret) },
    });
    return secret;
  }

  /** The secret associated and not yet verified (the hosted setup page shows it again after a wrong code). */
  async pendingSecret(user: User): Promise<string> {
    if (!user.totpPendingSecret)
      throw new CognitoError('SoftwareTokenMFANotFoundException', messages.totpNotAssociated);
    return this.box.open(user.sub, user.totpPendingSecret);
  }

  /**
   * VerifySoftwareToken: a code of the associated secret makes it the user's token (the old one, if
   * any, goes). `activate` also turns TOTP on and makes it preferred, as finishing MFA_SETUP does;
   * otherwise the user turns it on with SetUserMFAPreference.
   */
  async verify(user: User, code: string, options: { deviceName?: string; activate: boolean }): Promise<void> {
    this.checkPool();
    const pending = user.totpPendingSecret;
    const secret = await this.pendingSecret(user);
    const step = totpStep(secret, code.trim(), this.now());
    if (step === undefined) throw new CognitoError('EnableSoftwareTokenMFAException', messages.totpSetupMismatch);
    // Only the secret this code was checked against: a new association meanwhile makes it stale.
    const { count } = await this.prisma.user.updateMany({
      where: { sub: user.sub, totpPendingSecret: pending },
      data: {
        totpSecret: pending,
        totpPendingSecret: null,
        totpDeviceName: options.deviceName ?? null,
        totpLastStep: step,
        ...(options.activate ? { totpEnabled: true, totpPreferred: true } : {}),
      },
    });
    if (count === 0) throw new CognitoError('SoftwareTokenMFANotFoundException', messages.totpNotAssociated);
  }

  /**
   * SetUserMFAPreference and AdminSetUserMFAPreference for TOTP. Turning it on needs a verified
   * token; a pool that requires MFA keeps it on (Cognito: only the preference can change there).
   */
  async setPreference(user: User, preference: SoftwareTokenPreference): Promise<void> {
    const enabled = preference.Enabled ?? user.totpEnabled;
    const preferred = enabled && (preference.PreferredMfa ?? user.totpPreferred);
    if (enabled && !user.totpSecret) throw new CognitoError('InvalidParameterException', messages.totpNotVerified);
    if (preference.PreferredMfa && !enabled) {
      throw new CognitoError('InvalidParameterException', 'Software token MFA must be enabled to be preferred.');
    }
    if (!enabled && this.config.pool.mfa === 'ON' && user.totpSecret) {
      throw new CognitoError(
        'InvalidParameterException',
        'Software token MFA cannot be turned off: the user pool requires MFA.',
      );
    }
    await this.prisma.user.update({
      where: { sub: user.sub },
      data: { totpEnabled: enabled, totpPreferred: preferred },
    });
  }

  /**
   * The code a sign-in asks for (SOFTWARE_TOKEN_MFA). A wrong code counts towards the same lock-out
   * as a wrong password; a right one ends the count. Each code is taken once: a step at or before
   * the last one accepted is refused, even within its 90 seconds.
   */
  async checkSignInCode(user: User, code: string): Promise<void> {
    if (this.users.lockedOut(user)) throw new CognitoError('NotAuthorizedException', messages.attemptsExceeded);
    if (!user.totpSecret) throw new CognitoError('SoftwareTokenMFANotFoundException', messages.totpNotAssociated);
    const step = totpStep(await this.box.open(user.sub, user.totpSecret), code.trim(), this.now());
    if (step === undefined) {
      await this.users.recordFailure(user);
      throw new CognitoError('CodeMismatchException', messages.totpMismatch);
    }
    // One UPDATE that takes the step only if it is newer: of two sign-ins with one code, one passes.
    const { count } = await this.prisma.user.updateMany({
      where: { sub: user.sub, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step, failedSignIns: 0, lockedUntil: null },
    });
    if (count === 0) throw new CognitoError('CodeMismatchException', messages.totpReused);
  }

  /** Cognito refuses to associate or verify a token in a pool without TOTP MFA. */
  private checkPool(): void {
    if (this.config.pool.mfa === 'OFF') {
      throw new CognitoError('SoftwareTokenMFANotFoundException', messages.totpNotInPool);
    }
  }
}
