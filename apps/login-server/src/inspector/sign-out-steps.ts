import { randomUUID } from 'node:crypto';
import type { AccountRevocation } from '../oidc/adapter.ts';
import type { Detail, FlowLog } from './flow-log.ts';

/**
 * An API operation that ended all of a user's sign-ins (GlobalSignOut, AdminUserGlobalSignOut, and
 * the ones that disable or delete the user): a step in the flow of each sign-in it ended that the
 * inspector still holds, or a flow of its own when it holds none of them.
 */
export function recordAccountSignOut(
  flows: FlowLog | undefined,
  operation: string,
  user: { sub: string; username: string },
  revoked: AccountRevocation,
): void {
  if (!flows) return;
  const count = (type: string) => String(revoked.counts[type] ?? 0);
  const details: Detail[] = [
    ['operation', operation],
    ['username', user.username],
    ...(user.sub === user.username ? [] : ([['sub', user.sub]] as Detail[])),
    ['sign-ins (grants) ended', String(revoked.grantIds.length)],
    ['refresh tokens revoked', count('RefreshToken')],
    ['authorization codes revoked (used ones included)', count('AuthorizationCode')],
    [
      'effect',
      'every refresh token of the user, of every app client, is revoked with its grant; access tokens issued under them fail at the user operations and /oauth2/userInfo',
    ],
    ['hosted sessions ended', 'none: the hosted session (cookie) stays, as in Cognito'],
  ];
  const step = { title: `${operation} (every sign-in of the user ends)`, details, tokens: [] };
  const ended = revoked.grantIds.map((id) => `grant:${id}`).filter((key) => flows.has(key));
  for (const key of ended) flows.record([key], undefined, step);
  if (!ended.length) flows.record([`sign-out:${randomUUID()}`], undefined, step, `${operation} of ${user.username}`);
}
