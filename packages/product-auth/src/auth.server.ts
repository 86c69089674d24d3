import { createCookie, json, redirect } from '@remix-run/node';
import { type AccountStore, type BindableRow, type BindingRefusal, bindAccount } from '@sso/account-binding';
import {
  CognitoAuthError,
  type CognitoAuthErrorCode,
  type CognitoSignIn,
  CognitoStrategy,
} from '@sso/remix-auth-cognito';
import { defaults } from './defaults.ts';
import { safeReturnTo } from './return-to.ts';
import { createSessions, type LiveSession, type SessionData, type SessionStore } from './session.server.ts';
import { createSessionChecker } from './session-check.server.ts';
import type { ProductSettings } from './settings.server.ts';
import { createTokenRefresher } from './token-refresh.server.ts';

export interface SignedIn<User> {
  user: User;
  session: { id: string; data: SessionData; expiresAt: Date };
}

/**
 * Why a sign-in did not happen, for the page that says so: the strategy's own code, account binding's
 * refusal, or a sign-in request that could not be read.
 */
export type SignInFailure = CognitoAuthErrorCode | BindingRefusal | 'sign_in_request_unreadable';

interface AuthLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** The Cognito strategy as a product uses it: configured from its settings, its state cookie named for it. */
export function cognitoStrategy(settings: ProductSettings, cookiePrefix: string): CognitoStrategy<CognitoSignIn> {
  const { cognito } = settings;
  return new CognitoStrategy<CognitoSignIn>(
    {
      issuer: cognito.issuer,
      hostedUiUrl: cognito.hostedUiUrl,
      ...(cognito.backChannelUrl ? { backChannelUrl: cognito.backChannelUrl } : {}),
      clientId: cognito.clientId,
      ...(cognito.clientSecret ? { clientSecret: cognito.clientSecret } : {}),
      redirectURI: settings.redirectUri,
      scopes: cognito.scopes,
      cookieName: `${cookiePrefix}_oauth`,
    },
    async ({ profile, tokens }) => ({ profile, tokens }),
  );
}

interface ProductAuthOptions<User extends BindableRow> {
  settings: ProductSettings;
  /** Prefix of this product's cookie names, e.g. `product_a` (never a prefix of another product's). */
  cookiePrefix: string;
  accounts: AccountStore<User>;
  sessionStore: SessionStore<User>;
  log: AuthLog;
  /** Default: `cognitoStrategy(settings, cookiePrefix)`. */
  strategy?: CognitoStrategy<CognitoSignIn>;
  now?: () => Date;
}

export type ProductAuth<User extends BindableRow> = ReturnType<typeof createProductAuth<User>>;

/**
 * A product's side of the universal login. Route modules call these and nothing else, so product
 * A and B share every step and differ only in their user rows.
 */
export function createProductAuth<User extends BindableRow>(options: ProductAuthOptions<User>) {
  const { settings, log } = options;
  const strategy = options.strategy ?? cognitoStrategy(settings, options.cookiePrefix);
  const now = options.now ?? (() => new Date());
  const sessions = createSessions<User>({
    cookieName: `${options.cookiePrefix}_session`,
    secrets: settings.sessionSecrets,
    secure: settings.secureCookies,
    maxAgeSeconds: defaults.sessionSeconds,
    store: options.sessionStore,
    now,
  });
  // Where to go once signed in, kept across the trip to the login service.
  const returnToCookie = createCookie(`${options.cookiePrefix}_return_to`, {
    httpOnly: true,
    sameSite: 'lax',
    secure: settings.secureCookies,
    path: '/auth',
    maxAge: defaults.returnToSeconds,
    secrets: settings.sessionSecrets,
  });
  const refresher = createTokenRefresher({
    sessions,
    strategy,
    now,
    onRefresh: (session) => log.info({ session: session.id.slice(0, 8) }, 'refreshing tokens'),
    onFailure: (error, { failure, kept }) =>
      log.warn(
        { err: error, failure },
        kept ? 'token refresh failed, session kept' : 'token refresh failed, session ended',
      ),
  });

  const checker = createSessionChecker({
    sessions,
    strategy,
    now,
    intervalSeconds: settings.sessionCheckSeconds,
    onFailure: (error, { failure, kept }) =>
      log.warn(
        { err: error, failure },
        kept ? 'session check failed, session kept' : 'the login service ended the session',
      ),
  });

  type Answer = SignedIn<User> | { clearCookie: string } | null;
  /**
   * The request's session with fresh tokens and its user, or null (and the cookie to clear): one
   * read of session and user, a refresh only when the tokens are due, and the once-a-minute check
   * with the login service only when that is due.
   */
  async function lookUp(request: Request): Promise<Answer> {
    const stored = await sessions.read(request);
    if (!stored) return null;
    const refreshed: LiveSession<User> | null = await refresher.fresh(stored);
    const session = refreshed && (await checker.checked(refreshed));
    if (!session?.user) return { clearCookie: await sessions.destroy(request) };
    return { user: session.user, session: { id: session.id, data: session.data, expiresAt: session.expiresAt } };
  }

  /** The sign-in button's form, read with a bound on its size; anything else is refused with a page. */
  async function signInForm(request: Request): Promise<FormData> {
    const refuse = (status: 400 | 413, reason: string): never => {
      log.info({ reason, contentType: request.headers.get('Content-Type') }, 'sign-in request refused');
      throw json({ failure: 'sign_in_request_unreadable' satisfies SignInFailure }, { status });
    };
    const body = await readBounded(request, defaults.signInFormBytes);
    if (body === null) return refuse(413, `the body is larger than ${defaults.signInFormBytes} bytes`);
    try {
      // The platform's own parser, given the bytes already read.
      return await new Response(body, {
        headers: { 'Content-Type': request.headers.get('Content-Type') ?? '' },
      }).formData();
    } catch (error) {
      return refuse(400, (error as Error).message);
    }
  }

  const loginPath = (request: Request) => {
    const url = new URL(request.url);
    return `/auth/login?${new URLSearchParams({ returnTo: `${url.pathname}${url.search}` })}`;
  };

  /**
   * Remix gives each loader of a page its own copy of the Request, so a page's loaders would each
   * look the session up. A `forRequest()` view answers them all from one lookup; it only reuses an
   * answer for the same Cookie header, so a view shared by mistake never mixes people up.
   */
  function view(memo?: { cookie?: string | null; answer?: Promise<Answer> }) {
    const current = (request: Request): Promise<Answer> => {
      const cookie = request.headers.get('Cookie');
      if (memo?.answer && memo.cookie === cookie) return memo.answer;
      const answer = lookUp(request);
      if (memo) Object.assign(memo, { cookie, answer });
      return answer;
    };
    return api(current);
  }

  const api = (current: (request: Request) => Promise<Answer>) => ({
    /** The same functions for one HTTP request, whose loaders then share one session lookup. */
    forRequest: () => view({}),

    /** The signed-in person, or null. */
    async optionalUser(request: Request): Promise<SignedIn<User> | null> {
      const found = await current(request);
      return found && 'user' in found ? found : null;
    },

    /** The signed-in person; anyone else is sent to sign in and brought back here afterwards. */
    async requireUser(request: Request): Promise<SignedIn<User>> {
      const found = await current(request);
      if (found && 'user' in found) return found;
      throw redirect(loginPath(request), found ? { headers: { 'Set-Cookie': found.clearCookie } } : undefined);
    },

    /**
     * Starts a sign-in at the hosted login (POST from the sign-in button, or GET from a deep link).
     * A POST whose body is not the button's form is refused with a 4xx carrying the problem to show.
     */
    async login(request: Request): Promise<never> {
      const asked =
        request.method === 'POST'
          ? (await signInForm(request)).get('returnTo')
          : new URL(request.url).searchParams.get('returnTo');
      const toHostedLogin = await strategy.authorizationRedirect();
      toHostedLogin.headers.append('Set-Cookie', await returnToCookie.serialize(safeReturnTo(asked, settings.appUrl)));
      throw toHostedLogin;
    },

    /**
     * Finishes a sign-in: verified identity → this product's user row → a new session, then a
     * redirect to where the person was going. When it cannot, returns why and the cookies to set.
     */
    async callback(request: Request): Promise<{ failure: SignInFailure; headers: Headers }> {
      const headers = new Headers();
      for (const clear of strategy.clearStateCookies(request)) headers.append('Set-Cookie', clear);
      const failed = (failure: SignInFailure) => ({ failure, headers });

      const params = new URL(request.url).searchParams;
      // Not the login service's answer (e.g. a reload or a bookmark): nothing to finish.
      if (!params.has('state') || (!params.has('code') && !params.has('error'))) return failed('state_mismatch');
      let signIn: CognitoSignIn;
      try {
        signIn = await strategy.authenticate(request);
      } catch (error) {
        if (error instanceof Response) throw error;
        const failure = error instanceof CognitoAuthError ? error.code : 'unexpected';
        log.warn({ err: error, failure }, 'sign-in failed');
        return failed(failure);
      }
      const { profile, tokens } = signIn;
      const outcome = await bindAccount(options.accounts, profile, now);
      if (outcome.kind === 'refused') {
        log.warn({ sub: profile.sub, reason: outcome.reason }, 'account binding refused');
        return failed(outcome.reason);
      }
      log.info({ sub: profile.sub, user: outcome.user.id, binding: outcome.kind }, 'signed in');

      // A new id at every sign-in (no session fixation); the old session, if any, is gone.
      await sessions.destroy(request);
      headers.append(
        'Set-Cookie',
        await sessions.create({
          userId: outcome.user.id,
          sub: profile.sub,
          tokens,
          claims: profile.claims,
          signedInAt: now(),
          // The login service has just vouched for the person.
          checkedAt: now(),
        }),
      );
      const returnTo = safeReturnTo(await returnToCookie.parse(request.headers.get('Cookie')), settings.appUrl);
      headers.append('Set-Cookie', await returnToCookie.serialize('', { maxAge: 0 }));
      throw redirect(returnTo, { headers });
    },

    /** Signs out of this product only: the login service's session (and other products) stay. */
    async logout(request: Request): Promise<never> {
      throw redirect('/', { headers: { 'Set-Cookie': await sessions.destroy(request) } });
    },

    /**
     * Signs out everywhere: GlobalSignOut revokes every refresh token of the person, in every product
     * (each notices at its next check), then the hosted /logout ends the login service's session, so
     * the next sign-in anywhere asks for the password again.
     */
    async logoutEverywhere(request: Request): Promise<never> {
      const session = await sessions.read(request);
      if (session) {
        const { accessToken, refreshToken } = session.data.tokens;
        try {
          await strategy.globalSignOut(accessToken);
        } catch (error) {
          log.warn({ err: error }, 'global sign-out failed, revoking this product’s tokens');
          // At least this product's tokens end.
          if (refreshToken) {
            await strategy
              .revoke(refreshToken)
              .catch((failure: unknown) => log.warn({ err: failure }, 'token revocation failed'));
          }
        }
      }
      throw redirect(strategy.logoutUrl({ logoutUri: settings.logoutUri }), {
        headers: { 'Set-Cookie': await sessions.destroy(request) },
      });
    },
  });

  return view();
}

/**
 * The request's body, or null when it is longer than `limit` bytes. A longer body is still read
 * to its end but not kept: a client gets the refusal instead of a connection reset mid-upload.
 */
async function readBounded(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size <= limit) chunks.push(read.value);
  }
  if (size > limit) return null;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
