import {
  ArcticFetchError,
  OAuth2RequestError,
  type OAuth2Tokens,
  UnexpectedErrorResponseBodyError,
  UnexpectedResponseError,
} from 'arctic';
import { OAuth2Strategy } from 'remix-auth-oauth2';
import { CognitoAuthError } from './errors.ts';
import { type CognitoLogoutOptions, logoutUrl } from './logout.ts';
import { type CognitoEndpoints, type CognitoStrategyOptions, resolveEndpoints } from './options.ts';
import { type CognitoProfile, type CognitoTokens, profileFrom } from './profile.ts';
import { createTokenVerifier, nonceFor, type TokenVerifier } from './tokens.ts';

export interface CognitoVerifyOptions {
  request: Request;
  /** Who signed in, from the verified ID token. */
  profile: CognitoProfile;
  tokens: CognitoTokens;
}

/** A refresh's outcome: new tokens (the refresh token kept when not rotated) and the new ID token's profile. */
export interface CognitoRefresh {
  tokens: CognitoTokens;
  profile: CognitoProfile;
}

const defaultScopes = ['openid', 'email', 'profile'];

/**
 * Sign-in with Amazon Cognito's Hosted UI for remix-auth: the Authorization Code grant with PKCE
 * (S256), `state` and `nonce`, the ID token verified by AWS's own verifier. Works the same against
 * a Cognito-compatible server given by URLs.
 */
export class CognitoStrategy<User> extends OAuth2Strategy<User> {
  override name = 'cognito';
  readonly endpoints: CognitoEndpoints;
  private readonly verifier: TokenVerifier;
  private readonly clientId: string;
  private readonly stateCookie: string;
  /** A sign-in's verified result, handed from the code exchange to the verify callback. */
  private readonly verified = new WeakMap<OAuth2Tokens, { profile: CognitoProfile; tokens: CognitoTokens }>();

  constructor(options: CognitoStrategyOptions, verify: (options: CognitoVerifyOptions) => Promise<User>) {
    const endpoints = resolveEndpoints(options);
    const cookieName = options.cookieName ?? 'cognito';
    super(
      {
        clientId: options.clientId,
        clientSecret: options.clientSecret ?? null,
        redirectURI: options.redirectURI,
        authorizationEndpoint: endpoints.authorization,
        tokenEndpoint: endpoints.token,
        tokenRevocationEndpoint: endpoints.revocation,
        scopes: options.scopes ?? defaultScopes,
        cookie: {
          name: cookieName,
          // Its cookie type only accepts `secure: true`; left out, the cookie also works on http://localhost.
          ...((options.secureCookie ?? options.redirectURI.startsWith('https:')) ? { secure: true as const } : {}),
          sameSite: 'Lax',
          httpOnly: true,
          path: '/',
        },
      },
      async ({ request, tokens }) => {
        const result = this.verified.get(tokens);
        if (!result) throw new CognitoAuthError('id_token_invalid', 'the sign-in was not verified');
        return verify({ request, ...result });
      },
    );
    this.endpoints = endpoints;
    this.clientId = options.clientId;
    this.stateCookie = cookieName;
    this.verifier = createTokenVerifier({
      issuer: endpoints.issuer,
      jwksUri: endpoints.jwks,
      clientId: options.clientId,
    });
  }

  /**
   * Without `state` in the URL: throws a redirect to the hosted UI (and sets the state cookie).
   * On the callback: returns what the verify callback returns, or throws `CognitoAuthError`.
   */
  override async authenticate(request: Request): Promise<User> {
    try {
      return await super.authenticate(request);
    } catch (error) {
      if (error instanceof Response || error instanceof CognitoAuthError) throw error;
      throw asCognitoError(error);
    }
  }

  protected override createAuthorizationURL() {
    const created = super.createAuthorizationURL();
    created.url.searchParams.set('nonce', nonceFor(created.codeVerifier));
    return created;
  }

  protected override async validateAuthorizationCode(code: string, codeVerifier: string): Promise<OAuth2Tokens> {
    const tokens = await super.validateAuthorizationCode(code, codeVerifier);
    const result = await this.check(tokens, nonceFor(codeVerifier));
    this.verified.set(tokens, { ...result, tokens: { ...result.tokens } });
    return tokens;
  }

  /** New tokens for a refresh token; throws `CognitoAuthError` (`invalid_grant` once it is revoked). */
  async refresh(refreshToken: string): Promise<CognitoRefresh> {
    let tokens: OAuth2Tokens;
    try {
      tokens = await super.refreshToken(refreshToken);
    } catch (error) {
      throw asCognitoError(error);
    }
    const result = await this.check(tokens);
    return {
      profile: result.profile,
      tokens: { ...result.tokens, refreshToken: result.tokens.refreshToken ?? refreshToken },
    };
  }

  /** Revokes a refresh token and the access tokens issued from it (Cognito's /oauth2/revoke). */
  async revoke(refreshToken: string): Promise<void> {
    try {
      await super.revokeToken(refreshToken);
    } catch (error) {
      throw asCognitoError(error);
    }
  }

  /** The person's attributes from /oauth2/userInfo (strings, as Cognito sends them). */
  async userInfo(accessToken: string): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(this.endpoints.userInfo, { headers: { authorization: `Bearer ${accessToken}` } });
    } catch (error) {
      throw new CognitoAuthError('login_server_unreachable', `userInfo: ${(error as Error).message}`, { cause: error });
    }
    if (response.status === 401) throw new CognitoAuthError('invalid_grant', 'userInfo: the access token is not valid');
    if (!response.ok) throw new CognitoAuthError('login_server_unreachable', `userInfo answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  }

  /** Cognito's hosted logout URL for this client (see `CognitoLogoutOptions`). */
  logoutUrl(options: CognitoLogoutOptions): string {
    return logoutUrl(this.endpoints.logout, this.clientId, options);
  }

  /**
   * Set-Cookie values that delete this strategy's state cookies from the request: remix-auth-oauth2
   * leaves them until they expire (5 minutes). Send them with the callback's response.
   */
  clearStateCookies(request: Request): string[] {
    const names = (request.headers.get('cookie') ?? '')
      .split(';')
      .map((part) => part.split('=')[0]!.trim())
      .filter((name) => name.startsWith(`${this.stateCookie}:`));
    return names.map((name) => `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`);
  }

  /** Verifies a token response: the ID token (with the sign-in's nonce) and the access token. */
  private async check(
    tokens: OAuth2Tokens,
    nonce?: string,
  ): Promise<{ profile: CognitoProfile; tokens: CognitoTokens }> {
    let idToken: string;
    let accessToken: string;
    try {
      idToken = tokens.idToken();
      accessToken = tokens.accessToken();
    } catch {
      throw new CognitoAuthError(
        'id_token_invalid',
        'the token response has no ID token (is "openid" among the scopes?)',
      );
    }
    const claims = await this.verifier.verifyIdToken(idToken, nonce);
    await this.verifier.verifyAccessToken(accessToken);
    return {
      profile: profileFrom(claims),
      tokens: {
        accessToken,
        idToken,
        ...(tokens.hasRefreshToken() ? { refreshToken: tokens.refreshToken() } : {}),
        expiresAt: tokens.accessTokenExpiresAt(),
      },
    };
  }
}

/** remix-auth-oauth2's and arctic's errors, as the few cases an app handles differently. */
function asCognitoError(error: unknown): CognitoAuthError {
  if (error instanceof CognitoAuthError) return error;
  const message = (error as Error)?.message ?? String(error);
  if (error instanceof ReferenceError || error instanceof RangeError) {
    // No state cookie, or its state does not match: expired, another browser, or forged.
    return new CognitoAuthError('state_mismatch', message, { cause: error });
  }
  if (error instanceof OAuth2RequestError) {
    const code =
      error.code === 'invalid_grant'
        ? 'invalid_grant'
        : error.code === 'invalid_client' || error.code === 'unauthorized_client'
          ? 'invalid_client'
          : 'access_denied';
    return new CognitoAuthError(code, `${error.code}${error.description ? `: ${error.description}` : ''}`, {
      cause: error,
    });
  }
  if (
    error instanceof ArcticFetchError ||
    error instanceof UnexpectedResponseError ||
    error instanceof UnexpectedErrorResponseBodyError
  ) {
    return new CognitoAuthError('login_server_unreachable', message, { cause: error });
  }
  return new CognitoAuthError('unexpected', message, { cause: error });
}
