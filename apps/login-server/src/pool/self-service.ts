import { defaults } from '../config/defaults.ts';
import type { PoolConfig } from '../config/schema.ts';
import type { User } from '../generated/prisma/client.ts';
import type { Codes } from './codes.ts';
import { CognitoError, messages } from './errors.ts';
import type { Mailbox } from './mailbox.ts';
import { checkPasswordPolicy } from './passwords.ts';
import type { Users } from './users.ts';

/**
 * What a person can do for themselves (Cognito's SignUp, ConfirmSignUp, ResendConfirmationCode,
 * ForgotPassword, ConfirmForgotPassword), shared by the hosted pages and the API.
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

  async resendConfirmationCode(login: string): Promise<User> {
    const user = await this.users.get(login);
    if (user.status !== 'UNCONFIRMED') {
      throw new CognitoError('InvalidParameterException', 'User is already confirmed.');
    }
    await this.sendVerificationCode(user);
    return user;
  }

  async confirmSignUp(login: string, code: string): Promise<User> {
    const user = await this.users.get(login);
    if (user.status !== 'UNCONFIRMED') throw new CognitoError('NotAuthorizedException', messages.alreadyConfirmed);
    await this.codes.redeem(user.sub, 'SIGN_UP', code);
    return this.users.confirm(user.sub);
  }

  /** Sends a reset code. Unknown users get no error, so the form does not reveal who has an account. */
  async forgotPassword(login: string): Promise<User | undefined> {
    const user = await this.users.find(login);
    if (!user) return undefined;
    if (!user.email || !user.emailVerified) {
      throw new CognitoError('InvalidParameterException', messages.cannotResetUnverified);
    }
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', messages.userDisabled);
    const code = await this.codes.issue(user.sub, 'FORGOT_PASSWORD', defaults.pool.resetCodeMinutes);
    await this.mailbox.send(user.email, 'Your password reset code', `Your password reset code is ${code}.`);
    return user;
  }

  async confirmForgotPassword(login: string, code: string, newPassword: string): Promise<User> {
    const user = await this.users.find(login);
    if (!user) throw new CognitoError('CodeMismatchException', messages.codeMismatch);
    checkPasswordPolicy(newPassword, this.config.pool.passwordPolicy);
    await this.codes.redeem(user.sub, 'FORGOT_PASSWORD', code);
    return this.users.setPassword(user.sub, newPassword, true);
  }

  private async sendVerificationCode(user: User): Promise<void> {
    if (!user.email) return;
    const code = await this.codes.issue(user.sub, 'SIGN_UP', defaults.pool.signUpCodeMinutes);
    await this.mailbox.send(user.email, 'Your verification code', `Your verification code is ${code}.`);
  }
}
