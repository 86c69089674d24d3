import {
  ArcticFetchError,
  OAuth2RequestError,
  type OAuth2Tokens,
  UnexpectedErrorResponseBodyError,
  UnexpectedResponseError,
} from 'arctic';
import cookie from 'cookie';
import { Strategy } from 'remix-auth/strategy';
import { OAuth2Strategy } from 'remix-auth-oauth2';
import { CognitoAuthError, type CognitoAuthErrorCode } from './errors.ts';
import { type CognitoLogoutOptions, logoutUrl } from './logout.ts';
import { type CognitoEndpoints, type CognitoStrategyOptions, resolveEndpoints } from './options.ts';
import { type CognitoProfile, type CognitoTokens, profileFrom } from './profile.ts';
import { createTokenVerifier, nonceFor, type TokenVerifier } from './tokens.ts';
import { type CognitoUser, createUserApi } from './user-api.ts';

/**
 * What the login service vouched for, at sign-in or at a refresh: the verified ID token's profile and
 * the tokens (after a refresh, the refresh token kept when the client does not rotate them).
 */
export interface CognitoSignIn {
  /** Who signed in, from the verified ID token. */
  profile: CognitoProfile;
  tokens: CognitoTokens;
}

/** What the verify callback gets: the sign-in, and the callback's request. */
export interface CognitoVerifyOptions extends CognitoSignIn {
  request: Request;
}

const defaultScopes = ['openid', 'email', 'profile'];

/**
 * The protocol half: remix-auth-oauth2's code flow (state cookie, PKCE, code exchange) with the
 * nonce added and every token response verified. Kept out of the public class, so that its
 * unverified `refreshToken`/`revokeToken` are not a second way to refresh or revoke.
 */
class CodeFlow extends OAuth2Strategy<CognitoSignIn> {
  override name = 'cognito-code-flow';

  constructor(
    options: OAuth2Strategy.ConstructorOptions,
    private readonly verifier: TokenVerifier,
  ) {
    super(options, async ({ tokens }) => {
      const verified = this.verified.get(tokens);
      if (!verified) throw new CognitoAuthError('unexpected', 'the token response was not verified');
      return verified;
    });
  }

  /** A sign-in's verified result, handed from the code exchange to the verify step. */
  private readonly verified = new WeakMap<OAuth2Tokens, CognitoSignIn>();

  protected override createAuthorizationURL() {
    const created = super.createAuthorizationURL();
    created.url.searchParams.set('nonce', nonceFor(created.codeVerifier));
    return created;
  }

  /** Runs only once the callback matched its state cookie; everything in it throws `CognitoAuthError`. */
  protected override async validateAuthorizationCode(code: string, codeVerifier: string): Promise<OAuth2Tokens> {
    let tokens: OAuth2Tokens;
    try {
      tokens = await super.validateAuthorizationCode(code, codeVerifier);
    } catch (error) {
      throw fromTokenEndpoint(error);
    }
    this.verified.set(tokens, await this.check(tokens, nonceFor(codeVerifier)));
    return tokens;
  }

  async refreshVerified(refreshToken: string): Promise<CognitoSignIn> {
    let tokens: OAuth2Tokens;
    try {
      tokens = await super.refreshToken(refreshToken);
    } catch (error) {
      throw fromTokenEndpoint(error);
    }
    return this.check(tokens);
  }

  async revokeRefreshToken(refreshToken: string): Promise<void> {
    try {
      await super.revokeToken(refreshToken);
    } catch (error) {
      throw fromTokenEndpoint(error);
    }
  }

  /** Verifies a token response: the ID token (with the sign-in's nonce) and the access token. */
  private async check(tokens: OAuth2Tokens, nonce?: string): Promise<CognitoSignIn> {
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

/**
 * Sign-in with Amazon Cognito's Hosted UI for remix-auth: the Authorization Code grant with PKCE
 * (S256), `state` and `nonce`, the ID token verified by AWS's own verifier. Works the same against
 * a Cognito-compatible server given by URLs. Refresh and revocation go through `refresh` and
 * `revoke`, which verify what comes back.
 */
export class CognitoStrategy<User> extends Strategy<User, CognitoVerifyOptions> {
  override name = 'cognito';
  readonly endpoints: CognitoEndpoints;
  private readonly flow: CodeFlow;
  private readonly clientId: string;
  private readonly redirectURI: string;
  private readonly stateCookie: string;
  private readonly userApi: ReturnType<typeof createUserApi>;

  constructor(options: CognitoStrategyOptions, verify: (options: CognitoVerifyOptions) => Promise<User>) {
    super(verify);
    const endpoints = resolveEndpoints(options);
    const cookieName = options.cookieName ?? 'cognito';
    this.endpoints = endpoints;
    this.clientId = options.clientId;
    this.redirectURI = options.redirectURI;
    this.stateCookie = cookieName;
    this.userApi = createUserApi(endpoints.api);
    this.flow = new CodeFlow(
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
      createTokenVerifier({ issuer: endpoints.issuer, jwksUri: endpoints.jwks, clientId: options.clientId }),
    );
  }

  /**
   * Without `state` in the URL: throws a redirect to the hosted UI (and sets the state cookie).
   * On the callback: returns what the verify callback returns, or throws `CognitoAuthError`.
   */
  override async authenticate(request: Request): Promise<User> {
    let verified: CognitoSignIn;
    try {
      verified = await this.flow.authenticate(request);
    } catch (error) {
      if (error instanceof Response || error instanceof CognitoAuthError) throw error;
      throw fromCallbackCheck(error);
    }
    try {
      return await this.verify({ request, ...verified });
    } catch (error) {
      // The app's own callback: its failures are the app's (a redirect or a CognitoAuthError it chose pass on).
      if (error instanceof Response || error instanceof CognitoAuthError) throw error;
      throw new CognitoAuthError('unexpected', `the verify callback failed: ${messageOf(error)}`, { cause: error });
    }
  }

  /**
   * The redirect that starts a sign-in at the hosted UI, with its state cookie: what `authenticate`
   * throws for a request without `state`, returned whatever the app's own request holds, so that the
   * app can add its headers to it.
   */
  async authorizationRedirect(): Promise<Response> {
    // remix-auth-oauth2 starts a sign-in from any request whose URL has no `state`; it reads nothing else.
    const started = await this.flow.authenticate(new Request(this.redirectURI)).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (started instanceof Response) return started;
    throw new CognitoAuthError('unexpected', `starting a sign-in did not redirect: ${messageOf(started)}`, {
      cause: started,
    });
  }

  /** New tokens for a refresh token; throws `CognitoAuthError` (`invalid_grant` once it is revoked). */
  async refresh(refreshToken: string): Promise<CognitoSignIn> {
    const result = await this.flow.refreshVerified(refreshToken);
    return {
      profile: result.profile,
      tokens: { ...result.tokens, refreshToken: result.tokens.refreshToken ?? refreshToken },
    };
  }

  /** Revokes a refresh token and the access tokens issued from it (Cognito's /oauth2/revoke). */
  revoke(refreshToken: string): Promise<void> {
    return this.flow.revokeRefreshToken(refreshToken);
  }

  /** The person's attributes from /oauth2/userInfo (strings, as Cognito sends them). */
  async userInfo(accessToken: string): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(this.endpoints.userInfo, { headers: { authorization: `Bearer ${accessToken}` } });
    } catch (error) {
      throw new CognitoAuthError('login_server_unreachable', `userInfo: ${messageOf(error)}`, { cause: error });
    }
    if (response.status === 401) throw new CognitoAuthError('invalid_grant', 'userInfo: the access token is not valid');
    if (!response.ok) throw new CognitoAuthError('login_server_unreachable', `userInfo answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  }

  /**
   * Who the access token speaks for, from Cognito's GetUser: `invalid_grant` once the token is
   * revoked (a sign-out everywhere), `login_server_unreachable` when the service cannot say. Needs
   * the scope `aws.cognito.signin.user.admin` (`invalid_client` without it).
   */
  getUser(accessToken: string): Promise<CognitoUser> {
    return this.userApi.getUser(accessToken);
  }

  /**
   * Cognito's GlobalSignOut: revokes every refresh token of the person, of every app client, and with
   * them their access tokens. Leaves the hosted session (the hosted /logout ends that).
   */
  globalSignOut(accessToken: string): Promise<void> {
    return this.userApi.globalSignOut(accessToken);
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
    // Written by hand: `name:uuid` is no cookie name that `cookie.serialize` accepts.
    return Object.keys(cookie.parse(request.headers.get('cookie') ?? ''))
      .filter((name) => name.startsWith(`${this.stateCookie}:`))
      .map((name) => `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * What remix-auth-oauth2 throws before the code exchange, when it holds the callback against the
 * state cookie: a `ReferenceError` (no state cookie, no code, no verifier) or a `RangeError` (the
 * state differs). The exchange, the token checks and the verify callback throw `CognitoAuthError`
 * themselves, so these names mean the state check here and nothing else.
 */
function fromCallbackCheck(error: unknown): CognitoAuthError {
  if (error instanceof ReferenceError || error instanceof RangeError) {
    return new CognitoAuthError('state_mismatch', messageOf(error), { cause: error });
  }
  // `?error=...` from the hosted UI, reported after the state matched.
  if (error instanceof OAuth2RequestError) return fromTokenEndpoint(error);
  return new CognitoAuthError('unexpected', messageOf(error), { cause: error });
}

/** OAuth error codes an app handles apart from a refusal (`access_denied`). */
const oauthErrors: Partial<Record<string, CognitoAuthErrorCode>> = {
  invalid_grant: 'invalid_grant',
  invalid_client: 'invalid_client',
  unauthorized_client: 'invalid_client',
  // The service's own trouble, in OAuth's words: nothing is known against the grant.
  server_error: 'login_server_unreachable',
  temporarily_unavailable: 'login_server_unreachable',
};

/** arctic's errors from the token and revocation endpoints, as the few cases an app handles differently. */
function fromTokenEndpoint(error: unknown): CognitoAuthError {
  if (error instanceof CognitoAuthError) return error;
  if (error instanceof OAuth2RequestError) {
    const code = oauthErrors[error.code] ?? 'access_denied';
    return new CognitoAuthError(code, `${error.code}${error.description ? `: ${error.description}` : ''}`, {
      cause: error,
    });
  }
  if (
    error instanceof ArcticFetchError ||
    error instanceof UnexpectedResponseError ||
    error instanceof UnexpectedErrorResponseBodyError
  ) {
    return new CognitoAuthError('login_server_unreachable', messageOf(error), { cause: error });
  }
  return new CognitoAuthError('unexpected', messageOf(error), { cause: error });
}
