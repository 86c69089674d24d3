import { defaults } from '../config/defaults.ts';
import type { PoolConfig } from '../config/schema.ts';
import type { User } from '../generated/prisma/client.ts';
import type { StringMap } from '../triggers/events.ts';
import type { CustomMessageSource, Triggers } from '../triggers/triggers.ts';
import type { Codes } from './codes.ts';
import type { Emails } from './emails.ts';
import { CognitoError, messages } from './errors.ts';
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
    private readonly emails: Emails,
    private readonly triggers?: Triggers,
  ) {}

  /**
   * SignUp. The pre sign-up trigger may refuse it (its error is the answer), or confirm the user at
   * once (`autoConfirmUser`, and `autoVerifyEmail` with it): then no code is sent.
   */
  async signUp(
    email: string,
    password: string,
    attributes: Record<string, string> = {},
    clientId?: string,
    /** SignUp's ValidationData, for the pre sign-up trigger only. */
    validationData: StringMap = {},
  ): Promise<User> {
    checkPasswordPolicy(password, this.config.pool.passwordPolicy);
    const preSignUp = await this.triggers?.preSignUp({ userName: email.trim(), clientId }, 'PreSignUp_SignUp', {
      userAttributes: { ...attributes, email: email.trim().toLowerCase() },
      validationData,
    });
    const confirmed = preSignUp?.autoConfirmUser === true;
    const user = await this.users.create({
      email,
      password,
      attributes,
      status: confirmed ? 'CONFIRMED' : 'UNCONFIRMED',
      emailVerified: confirmed && preSignUp?.autoVerifyEmail === true,
    });
    if (!confirmed) await this.sendVerificationCode(user, 'CustomMessage_SignUp', clientId);
    return user;
  }

  /** ENABLED: an unknown, disabled or already confirmed user gets a simulated delivery. */
  async resendConfirmationCode(
    login: string,
    existenceErrors: UserExistenceErrors,
    clientId?: string,
  ): Promise<Delivery> {
    const user = await this.users.find(login);
    if (existenceErrors === 'ENABLED' && (!user?.email || !user.enabled || user.status !== 'UNCONFIRMED')) {
      return simulated(login);
    }
    if (!user) throw new CognitoError('UserNotFoundException', messages.userClientNotFound);
    if (user.status !== 'UNCONFIRMED') {
      throw new CognitoError('InvalidParameterException', messages.alreadyConfirmedResend);
    }
    await this.sendVerificationCode(user, 'CustomMessage_ResendCode', clientId);
    return { to: user.email ?? login, simulated: false };
  }

  /** ENABLED: an unknown or already confirmed user gets the wrong code's answer. */
  async confirmSignUp(
    login: string,
    code: string,
    existenceErrors: UserExistenceErrors,
    clientId?: string,
  ): Promise<User> {
    const user = await this.users.find(login);
    if (user?.status !== 'UNCONFIRMED') {
      if (existenceErrors === 'ENABLED') throw new CognitoError('CodeMismatchException', messages.codeMismatch);
      if (!user) throw new CognitoError('UserNotFoundException', messages.userClientNotFound);
      throw new CognitoError('NotAuthorizedException', messages.alreadyConfirmed);
    }
    await this.codes.redeem(user.sub, 'SIGN_UP', code);
    const confirmed = await this.users.confirm(user.sub, { emailProven: true });
    // As in Cognito, the user stays confirmed when the trigger fails; its error is the answer.
    await this.triggers?.postConfirmation(
      { userName: confirmed.username, clientId },
      'PostConfirmation_ConfirmSignUp',
      confirmed,
    );
    return confirmed;
  }

  /** ENABLED: an unknown or disabled user, or one without a verified email, gets a simulated delivery. */
  async forgotPassword(login: string, existenceErrors: UserExistenceErrors, clientId?: string): Promise<Delivery> {
    // A login nobody has may be a user the migration trigger still knows (UserMigration_ForgotPassword).
    const user = (await this.users.find(login)) ?? (await this.users.migrate(login, clientId));
    if (existenceErrors === 'ENABLED' && !(user?.email && user.emailVerified && user.enabled)) return simulated(login);
    if (!user) throw new CognitoError('UserNotFoundException', messages.userClientNotFound);
    if (!user.email || !user.emailVerified) {
      throw new CognitoError('InvalidParameterException', messages.cannotResetUnverified);
    }
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', messages.userDisabled);
    const code = await this.codes.issue(user.sub, 'FORGOT_PASSWORD', defaults.pool.resetCodeMinutes);
    await this.emails.send(
      user,
      'CustomMessage_ForgotPassword',
      clientId,
      { code },
      {
        subject: 'Your password reset code',
        body: `Your password reset code is ${code}.`,
      },
    );
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
    clientId?: string,
  ): Promise<User> {
    checkPasswordPolicy(newPassword, this.config.pool.passwordPolicy);
    const user = await this.users.find(login);
    if (existenceErrors === 'ENABLED' && !(user?.email && user.emailVerified && user.enabled)) {
      throw new CognitoError('CodeMismatchException', messages.codeMismatch);
    }
    if (!user) throw new CognitoError('UserNotFoundException', messages.userClientNotFound);
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', messages.userDisabled);
    await this.codes.redeem(user.sub, 'FORGOT_PASSWORD', code);
    const updated = await this.users.setPassword(user.sub, newPassword, true);
    await this.triggers?.postConfirmation(
      { userName: updated.username, clientId },
      'PostConfirmation_ConfirmForgotPassword',
      updated,
    );
    return updated;
  }

  /**
   * A code that proves the user's email (GetUserAttributeVerificationCode, and UpdateUserAttributes
   * when the email changes), mailed to it; the newest one replaces any other.
   */
  async sendEmailVerificationCode(
    user: User,
    triggerSource: 'CustomMessage_UpdateUserAttribute' | 'CustomMessage_VerifyUserAttribute',
    clientId: string | undefined,
  ): Promise<string> {
    if (!user.email) throw new CognitoError('InvalidParameterException', messages.noEmailToVerify);
    const code = await this.codes.issue(user.sub, 'VERIFY_EMAIL', defaults.pool.signUpCodeMinutes);
    await this.mailVerificationCode(user, code, triggerSource, clientId);
    return user.email;
  }

  /** VerifyUserAttribute for `email`: the code sent to the current email marks it verified. */
  async verifyEmail(user: User, code: string): Promise<User> {
    await this.codes.redeem(user.sub, 'VERIFY_EMAIL', code);
    return this.users.markEmailVerified(user.sub);
  }

  private async sendVerificationCode(
    user: User,
    triggerSource: 'CustomMessage_SignUp' | 'CustomMessage_ResendCode',
    clientId?: string,
  ): Promise<void> {
    if (!user.email) return;
    const code = await this.codes.issue(user.sub, 'SIGN_UP', defaults.pool.signUpCodeMinutes);
    await this.mailVerificationCode(user, code, triggerSource, clientId);
  }

  /** A code that proves an email (a sign-up's, or one being verified), as Cognito words it by default. */
  private mailVerificationCode(user: User, code: string, source: CustomMessageSource, clientId: string | undefined) {
    const standard = { subject: 'Your verification code', body: `Your verification code is ${code}.` };
    return this.emails.send(user, source, clientId, { code }, standard);
  }
}

function simulated(login: string): Delivery {
  return { to: login.trim(), simulated: true };
}
