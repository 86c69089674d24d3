import { z } from 'zod';
import { namedAppClient } from '../admin-api/app-client.ts';
import { type Action, parseInput } from '../admin-api/protocol.ts';
import { inspectSignInCall } from '../inspector/sign-in-api-steps.ts';
import type { TokenIssuer } from '../oidc/token-issuer.ts';
import { CognitoError, messages } from '../pool/errors.ts';
import type { Services } from '../services.ts';
import { type AuthFlow, authFlows, checkAuthFlow } from './auth-flows.ts';
import { challengeResponders } from './challenges.ts';
import type { AuthResponse, SignInContext } from './context.ts';
import type { Parameters } from './parameters.ts';
import { passwordAuth } from './password-auth.ts';
import { refreshAuth } from './refresh-auth.ts';
import { getTokensFromRefreshToken, refreshInput } from './refresh-tokens.ts';
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
  const { userPoolId } = services.config.server;
  const contextFor = async (id: string): Promise<SignInContext> => ({
    services,
    issuer,
    client: await namedAppClient(services.clients, id),
  });

  const poolShown = (admin: boolean): [string, string][] => (admin ? [['UserPoolId', userPoolId]] : []);

  const initiate = (operation: 'InitiateAuth' | 'AdminInitiateAuth') => async (input: unknown) => {
    const admin = operation === 'AdminInitiateAuth';
    if (admin) pool(input);
    const i = parseInput(initiateInput, input);
    const call = {
      title: `${operation} (${i.AuthFlow})`,
      clientId: i.ClientId,
      parameters: i.AuthParameters,
      shown: poolShown(admin),
    };
    return inspectSignInCall(call, async () => {
      const context = await contextFor(i.ClientId);
      checkAuthFlow(i.AuthFlow, operation, context.client.settings);
      return startFlow(context, i.AuthFlow, i.AuthParameters);
    });
  };

  const respond = (admin: boolean) => async (input: unknown) => {
    if (admin) pool(input);
    const i = parseInput(respondInput, input);
    const call = {
      title: `${admin ? 'AdminRespondToAuthChallenge' : 'RespondToAuthChallenge'} (${i.ChallengeName})`,
      clientId: i.ClientId,
      parameters: i.ChallengeResponses,
      session: i.Session,
      shown: poolShown(admin),
    };
    return inspectSignInCall(call, async () => {
      const context = await contextFor(i.ClientId);
      const responder = Object.hasOwn(challengeResponders, i.ChallengeName)
        ? challengeResponders[i.ChallengeName]
        : undefined;
      // A challenge this pool never starts has no session to answer.
      if (!responder) throw new CognitoError('NotAuthorizedException', messages.invalidSession);
      return responder(context, i.ChallengeResponses, i.Session);
    });
  };

  const refresh = (input: unknown) => {
    const work = () => getTokensFromRefreshToken(services, issuer, input);
    if (!services.flows) return work();
    const i = refreshInput.safeParse(input);
    if (!i.success) return work();
    const parameters = { REFRESH_TOKEN: i.data.RefreshToken, ClientSecret: i.data.ClientSecret };
    return inspectSignInCall({ title: 'GetTokensFromRefreshToken', clientId: i.data.ClientId, parameters }, work);
  };

  return {
    InitiateAuth: initiate('InitiateAuth'),
    AdminInitiateAuth: initiate('AdminInitiateAuth'),
    RespondToAuthChallenge: respond(false),
    AdminRespondToAuthChallenge: respond(true),
    GetTokensFromRefreshToken: refresh,
  };
}
