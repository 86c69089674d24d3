import type pg from 'pg';
import type { User } from '../generated/prisma/client.ts';

/** What tokens and userInfo say about a user (claims.ts): the attributes, not the credentials. */
export type Account = Pick<User, 'sub' | 'username' | 'email' | 'emailVerified' | 'attributes'>;

const query = {
  name: 'account-by-sub',
  text: 'SELECT sub, username, email, "emailVerified", attributes FROM "User" WHERE sub = $1 AND enabled',
};

/**
 * The enabled user whose tokens are being issued or read (every token, refresh and userInfo asks),
 * as one prepared statement on the pool (see adapter.ts for why not through Prisma's client).
 */
export async function findAccount(pool: pg.Pool, sub: string): Promise<Account | undefined> {
  // A sub is a UUID; anything else cannot name a user (and would be a type error in PostgreSQL).
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sub)) return undefined;
  const { rows } = await pool.query<Account>({ ...query, values: [sub] });
  return rows[0];
}
