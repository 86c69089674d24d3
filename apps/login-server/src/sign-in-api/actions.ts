import { z } from 'zod';
import { namedAppClient } from '../admin-api/app-client.ts';
import { type Action, parseInput } from '../admin-api/protocol.ts';
import type { TokenIssuer } from '../oidc/token-issuer.ts';
import { CognitoError, messages } from '../pool/errors.ts';
import type { Services } from '../services.ts';
import { type AuthFlow, authFlows, checkAuthFlow } from './auth-flows.ts';
import { challengeResponders } from './challenges.ts';
import type { AuthResponse, SignInContext } from './context.ts';
import type { Parameters } from './parameters.ts';
import { passwordAuth } from './password-auth.ts';
import { refreshAuth } from './refresh-auth.ts';
import { getTokensFromRefreshToken } from './refresh-tokens.ts';
import { startSrpAuth } from './srp-auth.ts';

const stringMap = z.record(z.string(), z.string()).default({});
const clientId = z.string().min(1).max(128);

const initiateInput = z.object({ ClientId: clientId, AuthFlow: z.enum(authFlows), AuthParameters: stringMap }).loose();

const respondInput = z
  .object({
    ClientId: clientId,
    ChallengeName: z.string().min(1),
    ChallengeResponses: stringMap,
    Session: z.string().min(1).max(4096).optional(),
  })
  .loose();

/** Each flow's first step. */
async function startFlow(context: SignInContext, flow: AuthFlow, parameters: Parameters): Promise<AuthResponse> {
  switch (flow) {
    case 'USER_PASSWORD_AUTH':
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH':
      return passwordAuth(context, parameters);
    case 'USER_SRP_AUTH':
      return startSrpAuth(context, parameters);
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN':
      return refreshAuth(context, parameters);
    default:
      // CUSTOM_AUTH needs Lambda triggers, which this pool does not emulate.
      throw new CognitoError(
        'InvalidParameterException',
        'Custom auth lambda trigger is not configured for the user pool.',
      );
  }
}

/**
 * Cognito's sign-in API: InitiateAuth and RespondToAuthChallenge (public clients and apps), their
 * Admin variants (a back end, naming the pool), and GetTokensFromRefreshToken. Both sides share one user store, one lock-out, one
 * challenge-session store and one token minting path with the hosted pages and /oauth2/token.
 */
export function signInActions(
  services: Services,
  issuer: TokenIssuer,
  pool: (input: unknown) => void,
): Record<string, Action> {
  const contextFor = async (id: string): Promise<SignInContext> => ({
    services,
    issuer,
    client: await namedAppClient(services.clients, id),
  });

  const initiate = (operation: 'InitiateAuth' | 'AdminInitiateAuth') => async (input: unknown) => {
    if (operation === 'AdminInitiateAuth') pool(input);
    const i = parseInput(initiateInput, input);
    const context = await contextFor(i.ClientId);
    checkAuthFlow(i.AuthFlow, operation, context.client.settings);
    return startFlow(context, i.AuthFlow, i.AuthParameters);
  };

  const respond = (admin: boolean) => async (input: unknown) => {
    if (admin) pool(input);
    const i = parseInput(respondInput, input);
    const context = await contextFor(i.ClientId);
    const responder = Object.hasOwn(challengeResponders, i.ChallengeName)
      ? challengeResponders[i.ChallengeName]
      : undefined;
    // A challenge this pool never starts has no session to answer.
    if (!responder) throw new CognitoError('NotAuthorizedException', messages.invalidSession);
    return responder(context, i.ChallengeResponses, i.Session);
  };

  return {
    InitiateAuth: initiate('InitiateAuth'),
    AdminInitiateAuth: initiate('AdminInitiateAuth'),
    RespondToAuthChallenge: respond(false),
    AdminRespondToAuthChallenge: respond(true),
    GetTokensFromRefreshToken: (input) => getTokensFromRefreshToken(services, issuer, input),
  };
}
