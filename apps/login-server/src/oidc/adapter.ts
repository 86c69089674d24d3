import type { Adapter, AdapterPayload } from 'oidc-provider';
import type pg from 'pg';

/** How long a consumed refresh token of this client stays usable (Cognito's rotation grace period). */
type GraceSeconds = (clientId: string) => Promise<number>;

/*
 * oidc-provider's storage (Session, Interaction, AuthorizationCode, RefreshToken, Grant, ...) as rows
 * of the `OidcPayload` table (its schema and migrations are Prisma's, see prisma/schema.prisma).
 * Every protocol step reads or writes here several times, so these are prepared SQL statements on
 * the server's pool: Prisma's client costs several times their CPU per query (docs/decisions/0007).
 * Times cross as epoch milliseconds: the columns hold UTC without a zone, as Prisma writes them.
 */
const epoch = (column: string) => `(extract(epoch from "${column}" AT TIME ZONE 'UTC') * 1000)::float8`;
const timestamp = (param: string) => `to_timestamp(${param}::float8 / 1000) AT TIME ZONE 'UTC'`;
const row = `payload, ${epoch('expiresAt')} AS "expiresAt", ${epoch('consumedAt')} AS "consumedAt"`;

const statements = {
  find: `SELECT ${row} FROM "OidcPayload" WHERE type = $1 AND id = $2`,
  findByUid: `SELECT ${row} FROM "OidcPayload" WHERE type = $1 AND uid = $2 LIMIT 1`,
  findByUserCode: `SELECT ${row} FROM "OidcPayload" WHERE type = $1 AND "userCode" = $2 LIMIT 1`,
  upsert: `INSERT INTO "OidcPayload" (type, id, payload, "grantId", uid, "userCode", "accountId", "expiresAt")
    VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, ${timestamp('$8')})
    ON CONFLICT (type, id) DO UPDATE SET payload = EXCLUDED.payload, "grantId" = EXCLUDED."grantId",
      uid = EXCLUDED.uid, "userCode" = EXCLUDED."userCode", "accountId" = EXCLUDED."accountId",
      "expiresAt" = EXCLUDED."expiresAt"`,
  // Only the first use counts, so a grace period is measured from it and cannot be extended.
  consume: `UPDATE "OidcPayload" SET "consumedAt" = ${timestamp('$3')}
    WHERE type = $1 AND id = $2 AND "consumedAt" IS NULL`,
  destroy: `DELETE FROM "OidcPayload" WHERE type = $1 AND id = $2`,
  revokeByGrantId: `DELETE FROM "OidcPayload" WHERE type = $1 AND "grantId" = $2`,
  liveGrant: `SELECT 1 FROM "OidcPayload"
    WHERE type = 'Grant' AND id = $1 AND ("expiresAt" IS NULL OR "expiresAt" > ${timestamp('$2')})`,
  sweep: `DELETE FROM "OidcPayload" WHERE "expiresAt" < ${timestamp('$1')}`,
  // Cognito's global sign-out: every refresh token, code and grant of the user, and whatever was
  // issued under those grants. One statement, so no token slips in between.
  revokeAccount: `DELETE FROM "OidcPayload" WHERE ("accountId" = $1 AND type IN ('RefreshToken', 'AuthorizationCode', 'Grant'))
    OR "grantId" IN (SELECT "grantId" FROM "OidcPayload" WHERE "accountId" = $1 AND "grantId" IS NOT NULL)
    OR (type = 'Grant' AND id IN (SELECT "grantId" FROM "OidcPayload" WHERE "accountId" = $1 AND "grantId" IS NOT NULL))
    RETURNING type, id`,
};
type Statement = keyof typeof statements;

interface Row {
  payload: AdapterPayload;
  expiresAt: number | null;
  consumedAt: number | null;
}

/** One prepared statement (parsed once per connection by PostgreSQL). */
function run<T extends pg.QueryResultRow>(pool: pg.Pool, name: Statement, values: unknown[]) {
  return pool.query<T>({ name: `oidc-${name}`, text: statements[name], values });
}

/** One oidc-provider model's storage. Expired rows read as absent and are swept periodically. */
export class PostgresAdapter implements Adapter {
  constructor(
    private readonly type: string,
    private readonly pool: pg.Pool,
    private readonly graceSeconds: GraceSeconds,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    await run(this.pool, 'upsert', [
      this.type,
      id,
      JSON.stringify(payload),
      payload.grantId ?? null,
      payload.uid ?? null,
      payload.userCode ?? null,
      payload.accountId ?? null,
      expiresIn ? Date.now() + expiresIn * 1000 : null,
    ]);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.read((await run<Row>(this.pool, 'find', [this.type, id])).rows[0]);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.read((await run<Row>(this.pool, 'findByUid', [this.type, uid])).rows[0]);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.read((await run<Row>(this.pool, 'findByUserCode', [this.type, userCode])).rows[0]);
  }

  async consume(id: string): Promise<void> {
    await run(this.pool, 'consume', [this.type, id, Date.now()]);
  }

  async destroy(id: string): Promise<void> {
    await run(this.pool, 'destroy', [this.type, id]);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await run(this.pool, 'revokeByGrantId', [this.type, grantId]);
  }

  private async read(row: Row | undefined): Promise<AdapterPayload | undefined> {
    if (!row || (row.expiresAt !== null && row.expiresAt <= Date.now())) return undefined;
    const { payload, consumedAt } = row;
    if (consumedAt === null) return payload;
    if (this.type === 'RefreshToken' && payload.clientId) {
      const grace = await this.graceSeconds(payload.clientId);
      // Within the grace period a rotated refresh token still works (Cognito's RetryGracePeriodSeconds).
      if (Date.now() - consumedAt < grace * 1000) return payload;
    }
    return { ...payload, consumed: Math.floor(consumedAt / 1000) };
  }
}

/** True while the grant a token was issued under exists (revocation and global sign-out remove it). */
export async function grantIsLive(pool: pg.Pool, grantId: string): Promise<boolean> {
  return ((await run(pool, 'liveGrant', [grantId, Date.now()])).rowCount ?? 0) > 0;
}

/** Deletes expired protocol state; returns how many rows went. */
export async function sweepExpired(pool: pg.Pool): Promise<number> {
  return (await run(pool, 'sweep', [Date.now()])).rowCount ?? 0;
}

/** What a global sign-out revoked: how many rows of each type, and the grants (one per sign-in). */
export interface AccountRevocation {
  counts: Record<string, number>;
  grantIds: string[];
}

/** Cognito's global sign-out: the hosted session cookie stays valid, as in Cognito. */
export async function revokeAllForAccount(pool: pg.Pool, accountId: string): Promise<AccountRevocation> {
  const { rows } = await run<{ type: string; id: string }>(pool, 'revokeAccount', [accountId]);
  const counts: Record<string, number> = {};
  for (const { type } of rows) counts[type] = (counts[type] ?? 0) + 1;
  return { counts, grantIds: rows.filter((r) => r.type === 'Grant').map((r) => r.id) };
}
