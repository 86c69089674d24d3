import { defaults } from '../config/defaults.ts';
import type { PoolConfig } from '../config/schema.ts';
import type { User } from '../generated/prisma/client.ts';
import type { Codes } from './codes.ts';
import { CognitoError, messages } from './errors.ts';
import type { Mailbox } from './mailbox.ts';
import { checkPasswordPolicy } from './passwords.ts';
import type { UserExistenceErrors, Users } from './users.ts';

/**
 * Where a code was sent. `simulated`: nothing was sent (PreventUserExistenceErrors ENABLED and a
 * user who could not receive it), and `to` is what was typed, so the answer looks like a real one.
 */
interface Delivery {
  to: string;
  simulated: boolean;
}

/**
 * What a person can do for themselves (Cognito's SignUp, ConfirmSignUp, ResendConfirmationCode,
 * ForgotPassword, ConfirmForgotPassword), shared by the hosted pages and the API. Each takes the app
 * client's PreventUserExistenceErrors: with ENABLED, the answers do not tell who has an account
 * (Cognito's "Managing user existence error responses"); with LEGACY they do, as Cognito's do.
 */
export class SelfService {
  constructor(
    private readonly config: PoolConfig,
    private readonly users: Users,
    private readonly codes: Codes,
    private readonly mailbox: Mailbox,
  ) {}

  async signUp(email: string, password: string, attributes: Record<string, string> = {}): Promise<User> {
    checkPasswordPolicy(password, this.config.pool.passwordPolicy);
    const user = await this.users.create({ email, password, attributes, status: 'UNCONFIRMED' });
    await this.sendVerificationCode(user);
    return user;
  }

  /** ENABLED: an unknown, disabled or already confirmed user gets a simulated delivery. */
  async resendConfirmationCode(login: string, existenceErrors: UserExistenceErrors): Promise<Delivery> {
    const user = await this.users.find(login);
    if (existenceErrors === 'ENABLED' && (!user?.email || !user.enabled || user.status !== 'UNCONFIRMED')) {
      return simulated(login);
    }
    if (!user) throw new CognitoError('UserNotFoundException', messages.userClientNotFound);
    if (user.status !== 'UNCONFIRMED') {
      throw new CognitoError('InvalidParameterException', messages.alreadyConfirmedResend);
    }
    await this.sendVerificationCode(user);
    return { to: user.email ?? login, simulated: false };
  }

  /** ENABLED: an unknown or already confirmed user gets the wrong code's answer. */
  async confirmSignUp(login: string, code: string, existenceErrors: UserExistenceErrors): Promise<User> {
    const user = await this.users.find(login);
    if (user?.status !== 'UNCONFIRMED') {
      if (existenceErrors === 'ENABLED') throw new CognitoError('CodeMismatchException', messages.codeMismatch);
      if (!user) throw new CognitoError('UserNotFoundException', messages.userClientNotFound);
      throw new CognitoError('NotAuthorizedException', messages.alreadyConfirmed);
    }
    await this.codes.redeem(user.sub, 'SIGN_UP', code);
    return this.users.confirm(user.sub);
  }

  /** ENABLED: an unknown or disabled user, or one without a verified email, gets a simulated delivery. */
  async forgotPassword(login: string, existenceErrors: UserExistenceErrors): Promise<Delivery> {
    const user = await this.users.find(login);
    if (existenceErrors === 'ENABLED' && !(user?.email && user.emailVerified && user.enabled)) return simulated(login);
    if (!user) throw new CognitoError('UserNotFoundException', messages.userClientNotFound);
    if (!user.email || !user.emailVerified) {
      throw new CognitoError('InvalidParameterException', messages.cannotResetUnverified);
    }
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', messages.userDisabled);
    const code = await this.codes.issue(user.sub, 'FORGOT_PASSWORD', defaults.pool.resetCodeMinutes);
    await this.mailbox.send(user.email, 'Your password reset code', `Your password reset code is ${code}.`);
    return { to: user.email, simulated: false };
  }

  /**
   * ENABLED: an unknown or disabled user, or one ForgotPassword could only simulate a delivery for,
   * gets the wrong code's answer. The password policy is checked first, for everyone alike.
   */
  async confirmForgotPassword(
    login: string,
    code: string,
    newPassword: string,
    existenceErrors: UserExistenceErrors,
  ): Promise<User> {
    checkPasswordPolicy(newPassword, this.config.pool.passwordPolicy);
    const user = await this.users.find(login);
    if (existenceErrors === 'ENABLED' && !(user?.email && user.emailVerified && user.enabled)) {
      throw new CognitoError('CodeMismatchException', messages.codeMismatch);
    }
    if (!user) throw new CognitoError('UserNotFoundException', messages.userClientNotFound);
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', messages.userDisabled);
    await this.codes.redeem(user.sub, 'FORGOT_PASSWORD', code);
    return this.users.setPassword(user.sub, newPassword, true);
  }

  /**
   * A code that proves the user's email (GetUserAttributeVerificationCode, and UpdateUserAttributes
   * when the email changes), mailed to it; the newest one replaces any other.
   */
  async sendEmailVerificationCode(user: User): Promise<string> {
    if (!user.email) throw new CognitoError('InvalidParameterException', messages.noEmailToVerify);
    const code = await this.codes.issue(user.sub, 'VERIFY_EMAIL', defaults.pool.signUpCodeMinutes);
    await this.mailbox.send(user.email, 'Your verification code', `Your verification code is ${code}.`);
    return user.email;
  }

  /** VerifyUserAttribute for `email`: the code sent to the current email marks it verified. */
  async verifyEmail(user: User, code: string): Promise<User> {
    await this.codes.redeem(user.sub, 'VERIFY_EMAIL', code);
    return this.users.markEmailVerified(user.sub);
  }

  private async sendVerificationCode(user: User): Promise<void> {
    if (!user.email) return;
    const code = await this.codes.issue(user.sub, 'SIGN_UP', defaults.pool.signUpCodeMinutes);
    await this.mailbox.send(user.email, 'Your verification code', `Your verification code is ${code}.`);
  }
}

function simulated(login: string): Delivery {
  return { to: login.trim(), simulated: true };
}
