import { checkSecretHash } from '../admin-api/app-client.ts';
import { CognitoError, messages } from '../pool/errors.ts';
import { checkPasswordPolicy } from '../pool/passwords.ts';
import type { AuthResponse, SignInContext } from './context.ts';
import { continueSignIn } from './next-step.ts';
import { type Parameters, required } from './parameters.ts';

const challenge = 'NEW_PASSWORD_REQUIRED';
const attributePrefix = 'userAttributes.';

/**
 * The NEW_PASSWORD_REQUIRED answer: NEW_PASSWORD (and any `userAttributes.<name>`) for a user who
 * signed in with a temporary password. The hosted page's change-password form does the same through
 * the same session store and `Users.completeNewPassword`.
 */
export async function answerNewPassword(
  context: SignInContext,
  responses: Parameters,
  sessionValue: string | undefined,
): Promise<AuthResponse> {
  const { client, services } = context;
  const username = required(responses, 'USERNAME');
  const newPassword = required(responses, 'NEW_PASSWORD');
  checkSecretHash(client, username, responses.SECRET_HASH);
  if (!sessionValue) throw new CognitoError('InvalidParameterException', 'Missing required parameter Session');
  // A password the policy refuses can be corrected: the session is used only by an acceptable one.
  checkPasswordPolicy(newPassword, services.config.pool.passwordPolicy);
  const attributes = Object.fromEntries(
    Object.entries(responses)
      .filter(([name]) => name.startsWith(attributePrefix))
      .map(([name, value]) => [name.slice(attributePrefix.length), value]),
  );

  const session = await services.challengeSessions.redeem(sessionValue, { clientId: client.clientId, challenge });
  if (session === 'expired') throw new CognitoError('NotAuthorizedException', messages.expiredSession);
  if (session === 'invalid' || !session.userSub)
    throw new CognitoError('NotAuthorizedException', messages.invalidSession);
  const named = await services.users.find(username);
  if (named?.sub !== session.userSub) throw new CognitoError('NotAuthorizedException', messages.invalidSession);

  const user = await services.users.completeNewPassword(session.userSub, newPassword, attributes, client.clientId);
  return continueSignIn(context, { user, login: session.login, newPasswordRequired: false });
}
