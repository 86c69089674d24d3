import type { User } from '../generated/prisma/client.ts';
import type { CustomMessageSource, Triggers } from '../triggers/triggers.ts';
import type { Mailbox } from './mailbox.ts';

/** What Cognito hands the custom message trigger in place of the code (or temporary password)... */
const codeParameter = '{####}';
/** ... and in place of the username, in an invitation only. */
const usernameParameter = '{username}';

/**
 * The emails the pool sends a user: a code (sign-up, reset, attribute verification) or, for a user an
 * administrator made, the invitation with a temporary password. The custom message trigger may word
 * each one; its `emailMessage` is used only when it holds the placeholders Cognito requires (the
 * code's, and in an invitation the username's too), otherwise the default message is sent, as in
 * Cognito.
 */
export class Emails {
  constructor(
    private readonly mailbox: Mailbox,
    private readonly triggers?: Triggers,
  ) {}

  async send(
    user: User,
    source: CustomMessageSource,
    clientId: string | undefined,
    values: { code: string; username?: string },
    standard: { subject: string; body: string },
  ): Promise<void> {
    if (!user.email) return;
    let { subject, body } = standard;
    if (this.triggers?.has('customMessage')) {
      const invitation = values.username !== undefined;
      const answer = await this.triggers.customMessage({ userName: user.username, clientId }, source, user, {
        codeParameter,
        usernameParameter: invitation ? usernameParameter : null,
      });
      const message = answer.emailMessage;
      if (message?.includes(codeParameter) && (!invitation || message.includes(usernameParameter))) {
        body = message.replaceAll(codeParameter, values.code);
        if (invitation) body = body.replaceAll(usernameParameter, values.username!);
        subject = answer.emailSubject ?? subject;
      }
    }
    await this.mailbox.send(user.email, subject, body);
  }
}
