import { checkSecretHash } from '../admin-api/app-client.ts';
import type { User } from '../generated/prisma/client.ts';
import type { ChallengeSession, SessionProblem } from '../pool/challenge-sessions.ts';
import { CognitoError, messages } from '../pool/errors.ts';
import type { Services } from '../services.ts';
import type { AuthResponse, SignInContext } from './context.ts';
import { continueSignIn, type MfaSetupStep } from './next-step.ts';
import { type Parameters, required } from './parameters.ts';

/** The sign-in a session carries, if it is usable and USERNAME names its user; its user as stored now. */
async function sessionUser(
  services: Services,
  session: ChallengeSession | SessionProblem,
  username: string,
): Promise<{ session: ChallengeSession; user: User }> {
  if (session === 'expired') throw new CognitoError('NotAuthorizedException', messages.expiredSession);
  if (session === 'invalid' || !session.userSub)
    throw new CognitoError('NotAuthorizedException', messages.invalidSession);
  const named = await services.users.find(username);
  if (named?.sub !== session.userSub) throw new CognitoError('NotAuthorizedException', messages.invalidSession);
  if (!named.enabled) throw new CognitoError('NotAuthorizedException', messages.userDisabled);
  return { session, user: named };
}

function sessionValueOf(value: string | undefined): string {
  if (!value) throw new CognitoError('InvalidParameterException', 'Missing required parameter Session');
  return value;
}

/**
 * SOFTWARE_TOKEN_MFA: the TOTP code of a user whose password is proven. A wrong code may be typed
 * again with the same Session, a few times (and counts towards the user's lock-out); the right one
 * uses the Session up.
 */
export async function answerSoftwareTokenMfa(
  context: SignInContext,
  responses: Parameters,
  value: string | undefined,
): Promise<AuthResponse> {
  const { client, services } = context;
  const username = required(responses, 'USERNAME');
  const code = required(responses, 'SOFTWARE_TOKEN_MFA_CODE');
  checkSecretHash(client, username, responses.SECRET_HASH);
  const sessionValue = sessionValueOf(value);
  const attempt = await services.challengeSessions.attempt(sessionValue, {
    clientId: client.clientId,
    challenge: 'SOFTWARE_TOKEN_MFA',
  });
  const { session, user } = await sessionUser(services, attempt, username);
  await services.softwareTokens.checkSignInCode(user, code);
  if (!(await services.challengeSessions.finish(sessionValue))) {
    throw new CognitoError('NotAuthorizedException', messages.invalidSession);
  }
  return continueSignIn(context, { user, login: session.login, newPasswordRequired: false, secondFactorPassed: true });
}

/**
 * MFA_SETUP's last step: the Session VerifySoftwareToken answered with, once the user's new token
 * is verified (AssociateSoftwareToken and VerifySoftwareToken take the earlier ones).
 */
export async function answerMfaSetup(
  context: SignInContext,
  responses: Parameters,
  value: string | undefined,
): Promise<AuthResponse> {
  const { client, services } = context;
  const username = required(responses, 'USERNAME');
  checkSecretHash(client, username, responses.SECRET_HASH);
  const redeemed = await services.challengeSessions.redeem(sessionValueOf(value), {
    clientId: client.clientId,
    challenge: 'MFA_SETUP',
  });
  const { session, user } = await sessionUser(services, redeemed, username);
  if ((session.state.step as MfaSetupStep) !== 'done') {
    throw new CognitoError('NotAuthorizedException', messages.invalidSession);
  }
  return continueSignIn(context, { user, login: session.login, newPasswordRequired: false, secondFactorPassed: true });
}
