import type { User } from '../generated/prisma/client.ts';
import type { IssuedTokens } from '../oidc/token-issuer.ts';
import { toAttributeList } from '../pool/attributes.ts';
import { secondFactorDue } from '../pool/mfa-settings.ts';
import type { AuthenticationResult, AuthResponse, SignInContext } from './context.ts';

/** A sign-in whose password is proven, and what it has passed so far. */
export interface ProvenSignIn {
  user: User;
  /** What was typed to sign in (kept with a challenge, so a later failure counts where it should). */
  login: string;
  /** The user signs in with a temporary password (FORCE_CHANGE_PASSWORD). */
  newPasswordRequired: boolean;
  /** The second factor is done (a TOTP code given, or TOTP set up). */
  secondFactorPassed?: boolean;
}

/** What an MFA_SETUP session has been through: associated a secret, then verified it. */
export type MfaSetupStep = 'associate' | 'verify' | 'done';

/**
 * What a sign-in needs once the password is proven, in Cognito's order: a new password for a
 * temporary one, then the second factor (a TOTP code, or setting TOTP up in a pool that requires
 * MFA), then the tokens. Each challenge starts here, and its answer (a responder in challenges.ts)
 * continues here.
 */
export async function continueSignIn(context: SignInContext, signIn: ProvenSignIn): Promise<AuthResponse> {
  const { user, login } = signIn;
  const factor = signIn.secondFactorPassed ? undefined : secondFactorDue(context.services.config.pool.mfa, user);
  if (signIn.newPasswordRequired) {
    return startChallenge(context, user, login, 'NEW_PASSWORD_REQUIRED', {
      USER_ID_FOR_SRP: user.username,
      // What the person may fill in: this pool requires no attribute beyond email.
      requiredAttributes: JSON.stringify([]),
      userAttributes: JSON.stringify(
        Object.fromEntries(
          toAttributeList(user)
            .filter((a) => a.Name !== 'sub')
            .map((a) => [a.Name, a.Value]),
        ),
      ),
    });
  }
  if (factor === 'SOFTWARE_TOKEN_MFA') {
    return startChallenge(context, user, login, factor, {
      USER_ID_FOR_SRP: user.username,
      ...(user.totpDeviceName ? { FRIENDLY_DEVICE_NAME: user.totpDeviceName } : {}),
    });
  }
  if (factor === 'MFA_SETUP') {
    const state: { step: MfaSetupStep } = { step: 'associate' };
    return startChallenge(context, user, login, factor, { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' }, state);
  }
  const tokens = await context.issuer.signIn(context.client.clientId, user.sub);
  context.services.log.info({ sub: user.sub, clientId: context.client.clientId }, 'API sign-in');
  return signedIn(tokens);
}

/** The answer that ends a sign-in or a refresh. */
export function signedIn(tokens: IssuedTokens): AuthResponse {
  return { ChallengeParameters: {}, AuthenticationResult: authenticationResult(tokens) };
}

/** Cognito's AuthenticationResultType. */
export function authenticationResult(tokens: IssuedTokens): AuthenticationResult {
  return {
    AccessToken: tokens.accessToken,
    ExpiresIn: tokens.expiresIn,
    TokenType: tokens.tokenType,
    ...(tokens.refreshToken ? { RefreshToken: tokens.refreshToken } : {}),
    IdToken: tokens.idToken,
  };
}

/** A challenge for the person to answer, with the Session that carries the sign-in to the answer. */
async function startChallenge(
  context: SignInContext,
  user: User,
  login: string,
  challenge: string,
  parameters: Record<string, string>,
  state: Record<string, unknown> = {},
): Promise<AuthResponse> {
  const session = await context.services.challengeSessions.start({
    clientId: context.client.clientId,
    userSub: user.sub,
    login,
    challenge,
    state,
  });
  return { ChallengeName: challenge, Session: session, ChallengeParameters: parameters };
}
