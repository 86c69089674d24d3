import { createHash } from 'node:crypto';
import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { JwksValidationError, JwkValidationError } from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { CognitoAuthError } from './errors.ts';

/**
 * The nonce for a login, derived from its PKCE verifier: as secret as the verifier, kept in the same
 * state cookie without a cookie format of our own, and checked against the ID token.
 */
export const nonceFor = (codeVerifier: string) =>
  createHash('sha256').update(`nonce:${codeVerifier}`).digest('base64url');

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;

/** How long the pool's keys may take to arrive before the login service counts as unreachable. */
const jwksTimeoutMs = 10_000;

/** The pool's keys could not be fetched: the login service is down or unreachable, not the token bad. */
class JwksUnavailableError extends Error {
  override name = 'JwksUnavailableError';
}

async function fetchJwks(uri: string): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(uri, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(jwksTimeoutMs),
    });
  } catch (error) {
    throw new JwksUnavailableError(`JWKS at ${uri}: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new JwksUnavailableError(`JWKS at ${uri} answered ${response.status}`);
  try {
    return await response.arrayBuffer();
  } catch (error) {
    throw new JwksUnavailableError(`JWKS at ${uri}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Verifies Cognito's tokens with AWS's own verifier: signature by the pool's JWKS (by `kid`), `iss`,
 * `exp`, and Cognito's `token_use` plus `aud` (ID token) or `client_id` (access token).
 */
export function createTokenVerifier(options: { issuer: string; jwksUri: string; clientId: string }) {
  const verifier = JwtVerifier.create(
    { issuer: options.issuer, audience: null, jwksUri: options.jwksUri },
    // Its default fetcher accepts https only; a local login server speaks http.
    { jwksCache: new SimpleJwksCache({ fetcher: { fetch: fetchJwks } }) },
  );

  async function verify(token: string, tokenUse: 'id' | 'access'): Promise<JwtPayload> {
    try {
      const payload = await verifier.verify(token);
      validateCognitoJwtFields(payload, { tokenUse, clientId: options.clientId });
      return payload;
    } catch (error) {
      // No keys, or keys that are not a JWKS: nothing was learnt about the token itself.
      if (
        error instanceof JwksUnavailableError ||
        error instanceof JwksValidationError ||
        error instanceof JwkValidationError
      ) {
        throw new CognitoAuthError('login_server_unreachable', `${tokenUse} token not checked: ${error.message}`, {
          cause: error,
        });
      }
      throw new CognitoAuthError('id_token_invalid', `${tokenUse} token rejected: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  return {
    /** The ID token's verified claims; `nonce` is checked when given (always at sign-in). */
    async verifyIdToken(token: string, nonce?: string): Promise<JwtPayload> {
      const payload = await verify(token, 'id');
      if (nonce !== undefined && payload.nonce !== nonce) {
        throw new CognitoAuthError('id_token_invalid', 'id token rejected: nonce does not match this sign-in');
      }
      return payload;
    },
    verifyAccessToken: (token: string) => verify(token, 'access'),
  };
}
