import { CognitoAuthError, type CognitoAuthErrorCode, type CognitoStrategy } from '@sso/remix-auth-cognito';
import type { LiveSession, SessionData, Sessions } from './session.server.ts';

/**
 * Makes a sign-out elsewhere reach this product. Cognito tells no product when the person signs out
 * everywhere (GlobalSignOut revokes their tokens, nothing more), so a session asks the login service
 * itself, at most once per interval, on a request of its own: GetUser with the session's access
 * token. A token the login service refuses ends the session; a service that cannot answer keeps it.
 * When it was last checked is in the session's data, written by compare-and-set, so replicas share
 * the interval and one of them asks; concurrent requests of one session in this process share one check.
 */
export function createSessionChecker<User>(options: {
  sessions: Sessions<User>;
  strategy: Pick<CognitoStrategy<unknown>, 'getUser'>;
  now: () => Date;
  intervalSeconds: number;
  onFailure?: (error: unknown, outcome: { failure: CognitoAuthErrorCode; kept: boolean }) => void;
}) {
  type Live = LiveSession<User>;
  const inFlight = new Map<string, Promise<Live | null>>();
  const due = (session: Live) => {
    const checkedAt = session.data.checkedAt;
    return !checkedAt || options.now().getTime() - checkedAt.getTime() >= options.intervalSeconds * 1000;
  };

  async function check(session: Live): Promise<Live | null> {
    // Another instance may have checked since this request read the session.
    const latest = await options.sessions.reread(session);
    if (!latest || !due(latest)) return latest;
    // The check is claimed before it is made (compare-and-set on the row's version): of the
    // instances that find it due together, one asks, the others go on with the session as it is.
    // Claimed whatever the answer, so an unreachable service is asked again a minute later, not on
    // every request meanwhile.
    const data: SessionData = { ...latest.data, checkedAt: options.now() };
    if (!(await options.sessions.replace(latest, data))) return options.sessions.reread(latest);
    try {
      await options.strategy.getUser(latest.data.tokens.accessToken);
    } catch (error) {
      const failure = error instanceof CognitoAuthError ? error.code : 'unexpected';
      // Only the login service refusing the token says the sign-in is over (signed out everywhere,
      // the person disabled or gone). Unreachable, 5xx, or this client's setup: keep the person in.
      const kept = failure !== 'invalid_grant';
      options.onFailure?.(error, { failure, kept });
      if (!kept) return null;
    }
    return { ...latest, data, version: latest.version + 1 };
  }

  return {
    /** The session, re-checked with the login service when due; null when the login service ended it. */
    async checked(session: Live): Promise<Live | null> {
      if (!due(session)) return session;
      let pending = inFlight.get(session.id);
      if (!pending) {
        pending = check(session).finally(() => inFlight.delete(session.id));
        inFlight.set(session.id, pending);
      }
      return pending;
    },
  };
}
