import type { KoaContextWithOIDC } from 'oidc-provider';
import type { RankedGroup } from '../pool/groups.ts';
import type { ClaimsAndScopeOverrideDetails } from '../triggers/events.ts';

/** What an access token's Cognito claims take from the sign-in it comes from. */
export interface TokenOrigin {
  username?: string;
  /** The user's groups when the token is issued (`cognito:groups`). */
  groups?: RankedGroup[];
  /** When the person signed in (kept across refreshes). */
  authTime?: number;
  /** Cognito's event_id: the sign-in event. */
  eventId?: string;
  /** The pre token generation trigger's answer for these tokens (asked once for both). */
  overrides?: () => Promise<ClaimsAndScopeOverrideDetails | null>;
}

const mintedOutsideRequests = new WeakMap<object, TokenOrigin>();

/**
 * Marks a token minted outside oidc-provider's own endpoints (the sign-in API): oidc-provider then
 * formats it without a request context, so its origin travels with the token object instead.
 */
export function withOrigin<T extends object>(token: T, origin: TokenOrigin): T {
  mintedOutsideRequests.set(token, origin);
  return token;
}

/** The origin of a token being formatted: the one it was minted with, else the request's code or refresh token. */
export function originOf(ctx: KoaContextWithOIDC | undefined, token: object): TokenOrigin {
  const minted = mintedOutsideRequests.get(token);
  if (minted) return minted;
  const source = ctx?.oidc.entities.AuthorizationCode ?? ctx?.oidc.entities.RefreshToken;
  const account = ctx?.oidc.entities.Account as
    | { username?: string; groups?: RankedGroup[]; tokenOverrides?: TokenOrigin['overrides'] }
    | undefined;
  return {
    username: account?.username,
    groups: account?.groups,
    overrides: account?.tokenOverrides,
    authTime: source?.authTime,
    eventId: (source as { sessionUid?: string } | undefined)?.sessionUid,
  };
}
