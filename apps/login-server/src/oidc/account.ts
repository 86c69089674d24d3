import type { AccountClaims } from 'oidc-provider';
import type pg from 'pg';
import type { ClaimsAndScopeOverrideDetails } from '../triggers/events.ts';
import type { TokenGenerationSource, Triggers } from '../triggers/triggers.ts';
import { type Account, attributeClaims, idTokenClaims, withTokenOverrides } from './claims.ts';

const query = {
  name: 'account-by-sub',
  text: `SELECT sub, username, email, "emailVerified", attributes, status,
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

/** Tokens about to be issued: what the pre token generation trigger is told. */
export interface TokenGeneration {
  triggers: Triggers;
  clientId: string;
  triggerSource: TokenGenerationSource;
  scopes: string[];
  /** How the caller answers the trigger's failure (the token endpoint in OAuth's words); as it is without. */
  failure?: (error: unknown) => unknown;
}

/**
 * The user as oidc-provider's account: ID token claims (with the grant as `origin_jti` and the
 * sign-in event as `event_id`) and userInfo claims. Both the token endpoint and the sign-in API
 * read users through this. When tokens are being issued (`generation`), the pool's pre token
 * generation trigger is asked once for both tokens; its answer marks the ID token's claims and is
 * handed to the access token (`tokenOverrides`), and oidc/claims.ts applies it to each.
 */
export async function providerAccount(
  pool: pg.Pool,
  sub: string,
  origin: { grantId?: string; sessionUid?: string },
  generation?: TokenGeneration,
) {
  const user = await findAccount(pool, sub);
  if (!user) return undefined;
  let overrides: Promise<ClaimsAndScopeOverrideDetails | null> | undefined;
  const tokenOverrides = () => {
    overrides ??= preTokenGeneration(user, origin, generation);
    return overrides;
  };
  return {
    accountId: sub,
    username: user.username,
    // For the access token (formats.customizers.jwt), read with the rest of the account.
    groups: user.groups,
    tokenOverrides,
    claims: async (use: string) => {
      if (use !== 'id_token') return attributeClaims(user, 'userinfo') as AccountClaims;
      const claims = {
        ...attributeClaims(user, 'id_token'),
        ...idTokenClaims(user, origin),
      } as unknown as AccountClaims;
      return withTokenOverrides(claims, await tokenOverrides());
    },
  };
}

async function preTokenGeneration(
  user: Account,
  origin: { grantId?: string; sessionUid?: string },
  generation: TokenGeneration | undefined,
): Promise<ClaimsAndScopeOverrideDetails | null> {
  if (!generation?.triggers.has('preTokenGeneration')) return null;
  // What Cognito would put in the tokens' group claims, for the trigger to keep or change.
  const groups: Record<string, unknown> = idTokenClaims(user, origin);
  const answer = await generation.triggers
    .preTokenGeneration({ userName: user.username, clientId: generation.clientId }, generation.triggerSource, user, {
      groupConfiguration: {
        groupsToOverride: (groups['cognito:groups'] as string[] | undefined) ?? [],
        iamRolesToOverride: (groups['cognito:roles'] as string[] | undefined) ?? [],
        preferredRole: (groups['cognito:preferred_role'] as string | undefined) ?? null,
      },
      scopes: generation.scopes,
    })
    .catch((error: unknown) => {
      throw generation.failure ? generation.failure(error) : error;
    });
  return answer.claimsAndScopeOverrideDetails ?? null;
}
