import { checkSecretHash } from '../admin-api/app-client.ts';
import type { AuthResponse, SignInContext } from './context.ts';
import { continueSignIn } from './next-step.ts';
import { type Parameters, required } from './parameters.ts';

/**
 * USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH: the password in the request, checked exactly as
 * the hosted page checks it (one lock-out, one set of answers for unknown users).
 */
export async function passwordAuth(context: SignInContext, parameters: Parameters): Promise<AuthResponse> {
  const username = required(parameters, 'USERNAME');
  const password = required(parameters, 'PASSWORD');
  checkSecretHash(context.client, username, parameters.SECRET_HASH);
  const { user, newPasswordRequired } = await context.services.users.signIn(
    username,
    password,
    context.client.settings.preventUserExistenceErrors,
    context.client.clientId,
  );
  return continueSignIn(context, { user, login: username, newPasswordRequired });
}
