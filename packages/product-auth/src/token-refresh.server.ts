import { CognitoAuthError, type CognitoAuthErrorCode, type CognitoStrategy } from '@sso/remix-auth-cognito';
import { defaults } from './defaults.ts';
import type { LiveSession, SessionData, Sessions } from './session.server.ts';

const refreshAheadSeconds = defaults.refreshAheadSeconds;

/** What the login service says when a session's sign-in is over; other failures leave it alive. */
const endsSession = new Set<CognitoAuthErrorCode>(['invalid_grant', 'id_token_invalid', 'access_denied']);

/**
 * Keeps sessions' tokens fresh. Loaders of one page run at the same time and each asks; a refresh
 * token must be spent once, so concurrent asks in this process share one refresh, and a refresh
 * raced by another instance is detected by the session's version (the loser reads the winner's tokens).
 */
export function createTokenRefresher<User>(options: {
  sessions: Sessions<User>;
  strategy: Pick<CognitoStrategy<unknown>, 'refresh'>;
  now: () => Date;
  onRefresh?: (session: LiveSession<User>) => void;
  onFailure?: (error: unknown, outcome: { failure: CognitoAuthErrorCode; kept: boolean }) => void;
}) {
  type Live = LiveSession<User>;
  const inFlight = new Map<string, Promise<Live | null>>();
  const expiring = (session: Live) =>
    session.data.tokens.expiresAt.getTime() - options.now().getTime() < refreshAheadSeconds * 1000;
  const expired = (session: Live) => session.data.tokens.expiresAt.getTime() <= options.now().getTime();

  async function refresh(session: Live): Promise<Live | null> {
    // Another instance may have refreshed since this request read the session.
    const latest = await options.sessions.reread(session);
    if (!latest || !expiring(latest)) return latest;
    const refreshToken = latest.data.tokens.refreshToken;
    if (!refreshToken) return expired(latest) ? null : latest;
    let refreshed: Pick<SessionData, 'tokens' | 'claims'>;
    try {
      options.onRefresh?.(latest);
      const { profile, tokens } = await options.strategy.refresh(refreshToken);
      refreshed = { tokens, claims: profile.claims };
    } catch (error) {
      const failure = error instanceof CognitoAuthError ? error.code : 'unexpected';
      // The login service refused the refresh token (revoked, expired) or sent tokens that fail
      // verification: the session is over. Anything else (the service or its keys unreachable, a
      // fault on this side) says nothing against the person: keep them in while their access token lives.
      const kept = !endsSession.has(failure) && !expired(latest);
      options.onFailure?.(error, { failure, kept });
      return kept ? latest : null;
    }
    // A compare-and-set: when another instance refreshed first, its tokens win and these are dropped.
    // When the row changed otherwise (another instance claimed its session check), these tokens
    // go on top of it: dropping them would leave a spent refresh token in the session.
    let current = latest;
    for (let attempt = 0; attempt < 3; attempt++) {
      // A refresh the login service granted vouches for the session as a check would.
      const data: SessionData = { ...current.data, ...refreshed, checkedAt: options.now() };
      if (await options.sessions.replace(current, data)) return { ...current, data, version: current.version + 1 };
      const now = await options.sessions.reread(current);
      if (!now || now.data.tokens.accessToken !== latest.data.tokens.accessToken) return now;
      current = now;
    }
    return options.sessions.reread(current);
  }

  return {
    /** The session with tokens good for a while, or null when it cannot be kept alive. */
    async fresh(session: Live): Promise<Live | null> {
      if (!expiring(session)) return session;
      let pending = inFlight.get(session.id);
      if (!pending) {
        pending = refresh(session).finally(() => inFlight.delete(session.id));
        inFlight.set(session.id, pending);
      }
      return pending;
    },
  };
}
