import type { AccountClaims } from 'oidc-provider';
import type pg from 'pg';
import { type Account, attributeClaims, idTokenClaims } from './claims.ts';

const query = {
  name: 'account-by-sub',
  text: `SELECT sub, username, email, "emailVerified", attributes,
      COALESCE((SELECT json_agg(json_build_object('name', g.name, 'precedence', g.precedence, 'roleArn', g."roleArn"))
        FROM "GroupMember" m JOIN "Group" g ON g.name = m."groupName" WHERE m."userSub" = u.sub), '[]') AS groups
    FROM "User" u WHERE sub = $1 AND enabled`,
};

/**
 * The enabled user whose tokens are being issued or read (every token, refresh and userInfo asks),
 * with their groups, as one prepared statement on the pool (see adapter.ts for why not through
 * Prisma's client).
 */
export async function findAccount(pool: pg.Pool, sub: string): Promise<Account | undefined> {
  // A sub is a UUID; anything else cannot name a user (and would be a type error in PostgreSQL).
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sub)) return undefined;
  const { rows } = await pool.query<Account>({ ...query, values: [sub] });
  return rows[0];
}

/**
 * The user as oidc-provider's account: ID token claims (with the grant as `origin_jti` and the
 * sign-in event as `event_id`) and userInfo claims. Both the token endpoint and the sign-in API
 * read users through this.
 */
export async function providerAccount(pool: pg.Pool, sub: string, origin: { grantId?: string; sessionUid?: string }) {
  const user = await findAccount(pool, sub);
  if (!user) return undefined;
  return {
    accountId: sub,
    username: user.username,
    // For the access token (formats.customizers.jwt), read with the rest of the account.
    groups: user.groups,
    claims: (use: string) =>
      (use === 'id_token'
        ? { ...attributeClaims(user, 'id_token'), ...idTokenClaims(user, origin) }
        : attributeClaims(user, 'userinfo')) as AccountClaims,
  };
}
