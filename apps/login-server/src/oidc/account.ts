import type pg from 'pg';
import type { User } from '../generated/prisma/client.ts';
import type { RankedGroup } from '../pool/groups.ts';

/**
 * What tokens and userInfo say about a user (claims.ts): the attributes, not the credentials, and
 * the groups the user is in now (Cognito reads them at every token it issues, refreshes included).
 */
export type Account = Pick<User, 'sub' | 'username' | 'email' | 'emailVerified' | 'attributes'> & {
  groups: RankedGroup[];
};

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
