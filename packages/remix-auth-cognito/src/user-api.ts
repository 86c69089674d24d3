import { CognitoAuthError, type CognitoAuthErrorCode } from './errors.ts';

/** The person as Cognito's GetUser answers: their username and attributes (strings, as Cognito sends them). */
export interface CognitoUser {
  username: string;
  attributes: Record<string, string>;
}

/** How long a call may take before the login service counts as unreachable: pages wait for it. */
const defaultTimeoutMs = 5_000;

/**
 * Cognito's errors (`__type`) for an access token the pool no longer honours: revoked by a sign-out
 * everywhere or a revocation, expired, malformed, or its user disabled or deleted.
 */
const tokenRefused = new Set(['NotAuthorizedException', 'UserNotFoundException']);
/** Cognito's own trouble or throttling: nothing is known against the token. */
const serviceTrouble = new Set(['InternalErrorException', 'TooManyRequestsException', 'LimitExceededException']);
/** What Cognito says when the token lacks `aws.cognito.signin.user.admin`: the client's setup, not the person. */
const missingScope = /required scopes/i;

/**
 * The user operations of Cognito's API (AWS JSON 1.1: `POST <endpoint>/` with `X-Amz-Target`),
 * authorized by the person's own access token, which needs the scope `aws.cognito.signin.user.admin`.
 * Failures are `CognitoAuthError`s: `invalid_grant` when the pool refuses the token,
 * `invalid_client` when the token lacks the scope, `login_server_unreachable` when the service is
 * unreachable, answers 5xx or throttles, `unexpected` otherwise.
 */
export function createUserApi(endpoint: string, options: { timeoutMs?: number } = {}) {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;

  async function call(action: string, input: object): Promise<unknown> {
    let response: Response;
    let body: unknown;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
        },
        body: JSON.stringify(input),
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = await response.json().catch(() => undefined);
    } catch (error) {
      throw new CognitoAuthError('login_server_unreachable', `${action}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (response.ok) return body ?? {};
    const { __type, message } = (body ?? {}) as { __type?: unknown; message?: unknown };
    // `__type` may carry a namespace (`com.amazonaws...#NotAuthorizedException`).
    const type = typeof __type === 'string' ? (__type.split('#').pop() ?? '') : '';
    const said = typeof message === 'string' ? message : '';
    throw new CognitoAuthError(
      codeFor(response.status, type, said),
      `${action} answered ${response.status}${type ? ` ${type}` : ''}${said ? `: ${said}` : ''}`,
    );
  }

  return {
    /** Who the access token speaks for; throws `invalid_grant` once the token is revoked (e.g. by GlobalSignOut). */
    async getUser(accessToken: string): Promise<CognitoUser> {
      const body = (await call('GetUser', { AccessToken: accessToken })) as {
        Username?: unknown;
        UserAttributes?: unknown;
      };
      if (typeof body.Username !== 'string' || !Array.isArray(body.UserAttributes)) {
        throw new CognitoAuthError('login_server_unreachable', 'GetUser answered without a user');
      }
      const attributes: Record<string, string> = {};
      for (const attribute of body.UserAttributes as { Name?: unknown; Value?: unknown }[]) {
        if (typeof attribute?.Name === 'string' && typeof attribute.Value === 'string') {
          attributes[attribute.Name] = attribute.Value;
        }
      }
      return { username: body.Username, attributes };
    },

    /**
     * Signs the person out of every app client of the pool: all their refresh tokens are revoked and
     * their access tokens fail at the user operations and /oauth2/userInfo. The hosted session cookie
     * stays (the hosted /logout ends it).
     */
    async globalSignOut(accessToken: string): Promise<void> {
      await call('GlobalSignOut', { AccessToken: accessToken });
    },
  };
}

function codeFor(status: number, type: string, message: string): CognitoAuthErrorCode {
  if (status >= 500 || serviceTrouble.has(type)) return 'login_server_unreachable';
  if (type === 'NotAuthorizedException' && missingScope.test(message)) return 'invalid_client';
  if (tokenRefused.has(type)) return 'invalid_grant';
  return 'unexpected';
}
