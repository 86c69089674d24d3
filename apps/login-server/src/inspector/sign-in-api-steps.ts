import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { CognitoError } from '../pool/errors.ts';
import { currentFlow } from './flow-context.ts';
import { type DecodedToken, type Detail, decodedToken, masked } from './flow-log.ts';

/** One call of the sign-in API, as the inspector shows it. */
export interface SignInCall {
  /** The operation and what it carries on: `InitiateAuth (USER_SRP_AUTH)`. */
  title: string;
  clientId: string;
  /** AuthParameters or ChallengeResponses (or the call's own fields). */
  parameters: Record<string, string | undefined>;
  /** The Session a RespondToAuthChallenge answers with. */
  session?: string | undefined;
  /** Fields of the call shown as they are (UserPoolId). */
  shown?: Detail[];
}

/** Parameters that are the user's own secret: never recorded at all. */
const neverRecorded = new Set(['PASSWORD', 'NEW_PASSWORD', 'ClientSecret']);

/** Parameters that are no secret and say who signs in or what they fill in. */
const plain = (name: string) =>
  ['USERNAME', 'USER_ID_FOR_SRP', 'TIMESTAMP', 'MFAS_CAN_SETUP', 'FRIENDLY_DEVICE_NAME'].includes(name) ||
  name.startsWith('userAttributes.') ||
  name === 'requiredAttributes' ||
  name === 'userAttributes';

/** Every other one (SRP_A, SRP_B, SALT, SECRET_BLOCK, signatures, SECRET_HASH, codes, tokens) is masked. */
function parameterDetails(prefix: string, parameters: Record<string, string | undefined>): Detail[] {
  return Object.entries(parameters)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([name, value]) => {
      if (neverRecorded.has(name)) return [`${prefix}${name}`, 'sent, never recorded'];
      return [`${prefix}${name}`, plain(name) ? value : masked(value)];
    });
}

/**
 * A challenge session's key for the flow: a digest, so the inspector holds nothing that could answer
 * the challenge. The SRP exchange's session is its SECRET_BLOCK.
 */
function sessionKey(value: string | undefined): string | undefined {
  return value ? `session:${createHash('sha256').update(value).digest('base64url')}` : undefined;
}

/** The grant a sign-in's tokens descend from (`origin_jti`), which names the flow from the hosted side too. */
function grantKeyOf(accessToken: unknown): string | undefined {
  if (typeof accessToken !== 'string') return undefined;
  try {
    const grant = decodeJwt(accessToken).origin_jti;
    return typeof grant === 'string' ? `grant:${grant}` : undefined;
  } catch {
    return undefined;
  }
}

type Answer = {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: Record<string, unknown>;
};

/** What the call answered: the next challenge, or tokens (decoded), and the keys they give the flow. */
function answerShown(answer: Answer): { details: Detail[]; tokens: DecodedToken[]; keys: (string | undefined)[] } {
  const result = answer.AuthenticationResult;
  if (result) {
    const refresh = result.RefreshToken;
    const tokens = [decodedToken('ID token', result.IdToken), decodedToken('Access token', result.AccessToken)];
    return {
      details: [
        ['answer', 'tokens (AuthenticationResult)'],
        ['ExpiresIn', String(result.ExpiresIn)],
        ['RefreshToken', typeof refresh === 'string' ? masked(refresh) : 'none (a refresh issues none)'],
      ],
      tokens: tokens.filter((t): t is DecodedToken => t !== undefined),
      keys: [grantKeyOf(result.AccessToken)],
    };
  }
  const parameters = answer.ChallengeParameters ?? {};
  return {
    details: [
      ['answer', `challenge ${answer.ChallengeName ?? ''}`],
      ...(answer.Session ? ([['Session', masked(answer.Session)]] as Detail[]) : []),
      ...parameterDetails('ChallengeParameters.', parameters),
    ],
    tokens: [],
    keys: [sessionKey(answer.Session ?? parameters.SECRET_BLOCK)],
  };
}

function errorShown(error: unknown): string {
  return error instanceof CognitoError ? `${error.type}: ${error.message}` : 'an internal error (in the log)';
}

/**
 * Runs one sign-in API call and records it as a step of its flow: a new sign-in's own, the one its
 * challenge session continues, or the one its tokens' grant belongs to (a refresh). The triggers the
 * call ran follow it. Nothing is recorded (or computed) while the inspector is off.
 */
export async function inspectSignInCall<T>(call: SignInCall, work: () => Promise<T>): Promise<T> {
  const scope = currentFlow();
  if (!scope) return work();
  const asked: Detail[] = [
    ['ClientId', call.clientId],
    ...(call.shown ?? []),
    ...parameterDetails('', call.parameters),
    ...(call.session ? ([['Session', masked(call.session)]] as Detail[]) : []),
  ];
  const continued = [sessionKey(call.session ?? call.parameters.PASSWORD_CLAIM_SECRET_BLOCK)];
  try {
    const answer = await work();
    const shown = answerShown(answer as Answer);
    scope.record([...continued, ...shown.keys], call.clientId, {
      title: call.title,
      details: [...asked, ...shown.details],
      tokens: shown.tokens,
    });
    return answer;
  } catch (error) {
    scope.record(continued, call.clientId, {
      title: call.title,
      details: [...asked, ['answer', errorShown(error)]],
      tokens: [],
    });
    throw error;
  }
}

/** RevokeToken that revoked a refresh token: a step of the flow of the sign-in it ended. */
export function recordRevokeToken(
  clientId: string,
  token: string,
  clientSecret: string | undefined,
  grantId: string | undefined,
): void {
  currentFlow()?.record([grantId && `grant:${grantId}`], clientId, {
    title: 'RevokeToken',
    details: [
      ['ClientId', clientId],
      ['Token', masked(token)],
      ['ClientSecret', clientSecret ? 'sent, never recorded' : 'none'],
      ['effect', 'the refresh token, its grant and every token issued under it are revoked'],
    ],
    tokens: [],
  });
}
