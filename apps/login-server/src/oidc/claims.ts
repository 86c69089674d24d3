import { randomUUID } from 'node:crypto';
import type { User } from '../generated/prisma/client.ts';
import { otherAttributes } from '../pool/attributes.ts';
import { byPrecedence, type RankedGroup } from '../pool/groups.ts';
import type { ClaimsAndScopeOverrideDetails } from '../triggers/events.ts';

/**
 * What tokens and userInfo say about a user (read by account.ts): the attributes, not the
 * credentials, and the groups the user is in now (Cognito reads them at every token it issues,
 * refreshes included).
 */
export type Account = Pick<User, 'sub' | 'username' | 'email' | 'emailVerified' | 'attributes' | 'status'> & {
  groups: RankedGroup[];
};

/** Which claims each scope releases (Cognito: `email` and `phone` scopes, `profile` for the rest). */
export const scopeClaims = {
  // `token_use`, `origin_jti`, `event_id`, `jti` and the group claims ride on openid so oidc-provider
  // lets them into the ID token.
  openid: [
    'sub',
    'cognito:username',
    'token_use',
    'origin_jti',
    'event_id',
    'jti',
    'cognito:groups',
    'cognito:roles',
    'cognito:preferred_role',
  ],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  profile: [
    'name',
    'given_name',
    'family_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'address',
    'updated_at',
  ],
} as const;

/**
 * The user's attributes as claims, in Cognito's types: `email_verified` and `phone_number_verified`
 * are booleans in the ID token and strings ("true") from /oauth2/userInfo; custom attributes are strings.
 */
export function attributeClaims(user: Account, flavour: 'id_token' | 'userinfo'): Record<string, unknown> {
  const asType = (value: boolean) => (flavour === 'userinfo' ? String(value) : value);
  const claims: Record<string, unknown> = { sub: user.sub };
  if (user.email) {
    claims.email_verified = asType(user.emailVerified);
    claims.email = user.email;
  }
  for (const [name, value] of Object.entries(otherAttributes(user))) {
    if (name === 'phone_number_verified') claims[name] = asType(value === 'true');
    else claims[name] = value;
  }
  return claims;
}

/**
 * Cognito's claims for the user's groups, as they are when the token is issued: `cognito:groups` in
 * both tokens, the names in Cognito's order (byPrecedence: lowest precedence first, none last); in
 * the ID token also `cognito:roles` (the groups' role ARNs, in that order) and
 * `cognito:preferred_role` (the role of the first group that has one, left out when another group of
 * the same precedence has a different role). A user in no group gets none of them. Every token this
 * server issues takes its group claims from here (idTokenClaims, shapeAccessToken).
 */
function groupClaims(groups: readonly RankedGroup[], token: 'id' | 'access'): Record<string, unknown> {
  if (groups.length === 0) return {};
  const ordered = [...groups].sort(byPrecedence);
  const claims: Record<string, unknown> = { 'cognito:groups': ordered.map((g) => g.name) };
  const withRole = ordered.filter((g) => g.roleArn !== null);
  const first = withRole[0];
  if (token === 'access' || !first) return claims;
  claims['cognito:roles'] = [...new Set(withRole.map((g) => g.roleArn))];
  const tied = new Set(withRole.filter((g) => g.precedence === first.precedence).map((g) => g.roleArn));
  if (tied.size === 1) claims['cognito:preferred_role'] = first.roleArn;
  return claims;
}

/** Claims only the ID token carries. */
export function idTokenClaims(user: Account, origin: { grantId?: string; sessionUid?: string }) {
  return {
    ...groupClaims(user.groups, 'id'),
    'cognito:username': user.username,
    token_use: 'id',
    origin_jti: origin.grantId,
    event_id: origin.sessionUid,
    jti: randomUUID(),
  };
}

/** The `claims` setting for oidc-provider: the pool's declared custom attributes travel with `profile`. */
export function claimsConfig(customAttributes: readonly string[]): Record<string, string[]> {
  return {
    ...Object.fromEntries(Object.entries(scopeClaims).map(([scope, claims]) => [scope, [...claims]])),
    profile: [...scopeClaims.profile, ...customAttributes.map((name) => `custom:${name}`)],
  };
}

/**
 * Cognito's access token, claim for claim and in its order: no `aud` (oidc-provider insists on one
 * internally, so it stays as a non-enumerable property that never reaches the signed payload).
 */
export function shapeAccessToken(
  payload: Record<string, unknown>,
  extra: {
    username?: string;
    authTime?: number;
    originJti?: string;
    eventId?: string;
    groups?: readonly RankedGroup[];
    /** The pre token generation trigger's answer, if the pool has one. */
    overrides?: ClaimsAndScopeOverrideDetails | null;
  },
): Record<string, unknown> {
  const shaped: Record<string, unknown> = {
    sub: payload.sub,
    ...groupClaims(extra.groups ?? [], 'access'),
    iss: payload.iss,
    version: 2,
    client_id: payload.client_id,
    origin_jti: extra.originJti,
    event_id: extra.eventId,
    token_use: 'access',
    scope: payload.scope,
    auth_time: extra.authTime ?? payload.iat,
    exp: payload.exp,
    iat: payload.iat,
    jti: randomUUID(),
    username: extra.username,
  };
  if (extra.overrides) applyAccessTokenOverrides(shaped, extra.overrides);
  for (const key of Object.keys(shaped)) if (shaped[key] === undefined) delete shaped[key];
  Object.defineProperty(shaped, 'aud', { value: payload.aud, enumerable: false, writable: true });
  return shaped;
}

/**
 * Claims a pre token generation trigger can neither add, override nor suppress (Cognito keeps them
 * as it issues them); the groups change through `groupOverrideDetails` only.
 */
const protectedClaims = new Set([
  'acr',
  'amr',
  'at_hash',
  'aud',
  'auth_time',
  'azp',
  'c_hash',
  'client_id',
  'cognito:groups',
  'cognito:preferred_role',
  'cognito:roles',
  'cognito:username',
  'event_id',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'scope',
  'sub',
  'token_use',
  'username',
  'version',
]);

const overridesKey = Symbol('pre token generation answer');

/**
 * Marks ID token claims with the pre token generation answer they are to be changed by (oidc/provider.ts
 * applies it). A symbol key: it survives oidc-provider's spreading of the claims, never a JWT's JSON.
 */
export function withTokenOverrides<T extends object>(claims: T, details: ClaimsAndScopeOverrideDetails | null): T {
  Object.defineProperty(claims, overridesKey, { value: details, enumerable: true });
  return claims;
}

export function tokenOverridesOf(claims: object): ClaimsAndScopeOverrideDetails | null {
  return (claims as { [overridesKey]?: ClaimsAndScopeOverrideDetails | null })[overridesKey] ?? null;
}

/** Adds, overrides and suppresses claims as the trigger said, leaving the protected ones alone. */
function changeClaims(
  claims: Record<string, unknown>,
  change: { claimsToAddOrOverride?: Record<string, unknown>; claimsToSuppress?: string[] } | undefined,
): void {
  for (const [name, value] of Object.entries(change?.claimsToAddOrOverride ?? {})) {
    if (!protectedClaims.has(name)) claims[name] = value;
  }
  for (const name of change?.claimsToSuppress ?? []) if (!protectedClaims.has(name)) delete claims[name];
}

/** Replaces a list claim, or removes it when the new list is empty (as for a user in no group). */
function setList(claims: Record<string, unknown>, name: string, list: string[] | undefined): void {
  if (list === undefined) return;
  if (list.length === 0) delete claims[name];
  else claims[name] = [...list];
}

/** Cognito's V2_0 answer applied to an ID token's claims: groups, roles and preferred role, then claims. */
export function applyIdTokenOverrides(
  claims: Record<string, unknown>,
  details: ClaimsAndScopeOverrideDetails | null,
): Record<string, unknown> {
  if (!details) return claims;
  const changed = { ...claims };
  const groups = details.groupOverrideDetails;
  setList(changed, 'cognito:groups', groups?.groupsToOverride);
  setList(changed, 'cognito:roles', groups?.iamRolesToOverride);
  if (groups?.preferredRole !== undefined) changed['cognito:preferred_role'] = groups.preferredRole;
  changeClaims(changed, details.idTokenGeneration);
  return changed;
}

/** Cognito's V2_0 answer applied to an access token: groups, claims, and scopes added or suppressed. */
function applyAccessTokenOverrides(shaped: Record<string, unknown>, details: ClaimsAndScopeOverrideDetails): void {
  setList(shaped, 'cognito:groups', details.groupOverrideDetails?.groupsToOverride);
  const change = details.accessTokenGeneration;
  changeClaims(shaped, change);
  if (change?.scopesToAdd?.length || change?.scopesToSuppress?.length) {
    const scopes = new Set(
      String(shaped.scope ?? '')
        .split(' ')
        .filter(Boolean),
    );
    for (const scope of change.scopesToAdd ?? []) scopes.add(scope);
    for (const scope of change.scopesToSuppress ?? []) scopes.delete(scope);
    shaped.scope = [...scopes].join(' ');
  }
}
