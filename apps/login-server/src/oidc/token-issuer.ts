import { randomUUID } from 'node:crypto';
import type Provider from 'oidc-provider';
import type { AppClients } from '../pool/clients.ts';
import type { Services } from '../services.ts';
import type { TokenGenerationSource, Triggers } from '../triggers/triggers.ts';
import { providerAccount } from './account.ts';
import { withTokenOverrides } from './claims.ts';
import { withOrigin } from './token-origin.ts';
import { apiAccessScope, userPoolResource, userPoolResourceServer } from './user-pool-resource.ts';

/** Tokens for Cognito's AuthenticationResult. */
export interface IssuedTokens {
  accessToken: string;
  idToken: string;
  /** Only when a sign-in made one (a refresh does not). */
  refreshToken?: string;
  /** The access token's lifetime in seconds. */
  expiresIn: number;
  tokenType: string;
}

/** A refresh token that can still be used, and whose it is. */
export interface UsableRefreshToken {
  clientId: string;
  sub: string;
  username: string;
  token: InstanceType<Provider['RefreshToken']>;
  grant: InstanceType<Provider['Grant']>;
}

/**
 * The ID token of an API sign-in carries every attribute the client may read, so its grant holds all
 * of the pool's OIDC scopes; the access token carries only the API's own scope (Cognito's tokens from
 * InitiateAuth are not for /oauth2/userInfo).
 */
const idTokenScope = 'openid email phone profile';

/**
 * The sign-in API's tokens, minted through oidc-provider's own models with the provider's
 * configuration (lifetimes, keys, claims, the access token's Cognito shape): the same rows and the
 * same JWTs as /oauth2/token makes. A refresh token from either works at both, and revocation and
 * global sign-out treat both alike (one grant per sign-in, named by `origin_jti`).
 */
export class TokenIssuer {
  constructor(
    private readonly provider: Provider,
    private readonly services: Pick<Services, 'pool' | 'keys'> & { clients: AppClients; triggers?: Triggers },
  ) {}

  /** Tokens for a user who has just signed in through the API, with a new grant and refresh token. */
  async signIn(clientId: string, sub: string): Promise<IssuedTokens> {
    const { provider } = this;
    const client = await this.client(clientId);
    const grant = new provider.Grant({ clientId, accountId: sub });
    grant.addOIDCScope(idTokenScope);
    grant.addResourceScope(userPoolResource, apiAccessScope);
    const grantId = await grant.save();
    const refresh = new provider.RefreshToken({
      client,
      accountId: sub,
      amr: ['pwd'],
      authTime: Math.floor(Date.now() / 1000),
      // What the authorization endpoint asks for every client (they require auth_time, as Cognito's tokens carry it).
      claims: { id_token: { auth_time: { essential: true } } },
      expiresWithSession: false,
      grantId,
      gty: 'cognito_api',
      resource: userPoolResource,
      rotations: 0,
      scope: `${idTokenScope} ${apiAccessScope}`,
      // Cognito's event_id: this sign-in (the hosted flow uses its browser session's).
      sessionUid: randomUUID(),
    });
    const refreshToken = await refresh.save();
    return { ...(await this.mint(refresh, grant, 'TokenGeneration_Authentication')), refreshToken };
  }

  /**
   * A refresh token of this client that can still be used: found, not expired, its grant alive, its
   * user enabled. One used past its rotation grace period revokes its grant (oidc-provider's rule).
   */
  async usableRefreshToken(clientId: string, value: string): Promise<UsableRefreshToken | undefined> {
    const { provider } = this;
    const token = await provider.RefreshToken.find(value, { ignoreExpiration: true });
    if (!token || token.clientId !== clientId || token.isExpired || !token.grantId) return undefined;
    const grant = await provider.Grant.find(token.grantId, { ignoreExpiration: true });
    if (!grant || grant.isExpired || grant.clientId !== clientId || grant.accountId !== token.accountId)
      return undefined;
    if (token.consumed) {
      await Promise.all([
        token.destroy(),
        provider.AccessToken.revokeByGrantId(token.grantId),
        provider.RefreshToken.revokeByGrantId(token.grantId),
        grant.destroy(),
      ]);
      return undefined;
    }
    const account = await providerAccount(this.services.pool, token.accountId, {});
    if (!account) return undefined;
    return { clientId, sub: token.accountId, username: account.username, token, grant };
  }

  /**
   * Cognito's RevokeToken, as /oauth2/revoke revokes a refresh token: the token, the grant it was
   * issued under and everything issued under that grant (the access tokens then fail wherever the
   * grant is checked). Returns what the value was: this client's refresh token (now revoked, with
   * the grant it ended), another client's (left alone), or nothing known.
   */
  async revokeRefreshToken(
    clientId: string,
    value: string,
  ): Promise<{ outcome: 'revoked'; grantId: string | undefined } | { outcome: 'other-client' | 'unknown' }> {
    const { provider } = this;
    const token = await provider.RefreshToken.find(value, { ignoreExpiration: true });
    if (!token) return { outcome: 'unknown' };
    if (token.clientId !== clientId) return { outcome: 'other-client' };
    await token.destroy();
    if (token.grantId) {
      await Promise.all([
        provider.AccessToken.revokeByGrantId(token.grantId),
        provider.RefreshToken.revokeByGrantId(token.grantId),
        provider.AuthorizationCode.revokeByGrantId(token.grantId),
        provider.Grant.adapter.destroy(token.grantId),
      ]);
    }
    return { outcome: 'revoked', grantId: token.grantId };
  }

  /**
   * New ID and access tokens from a refresh token. With `rotate` (GetTokensFromRefreshToken for a client
   * with rotation), a new refresh token replaces it, as the refresh grant rotates: the old one is
   * consumed and stays usable for the client's grace period only.
   */
  async refresh({ token, grant }: UsableRefreshToken, options: { rotate: boolean }): Promise<IssuedTokens> {
    if (!options.rotate) return this.mint(token, grant, 'TokenGeneration_RefreshTokens');
    await token.consume();
    const rotated = new this.provider.RefreshToken({
      client: await this.client(token.clientId as string),
      accountId: token.accountId,
      acr: token.acr,
      amr: token.amr,
      authTime: token.authTime,
      claims: token.claims,
      expiresWithSession: token.expiresWithSession,
      iiat: token.iiat,
      grantId: token.grantId as string,
      gty: token.gty ?? 'cognito_api',
      nonce: token.nonce,
      resource: token.resource,
      rotations: (token.rotations ?? 0) + 1,
      scope: token.scope as string,
      sessionUid: token.sessionUid,
      sid: token.sid,
    });
    const refreshToken = await rotated.save();
    return { ...(await this.mint(rotated, grant, 'TokenGeneration_RefreshTokens')), refreshToken };
  }

  /** An access token and an ID token for what `source` (a refresh token) grants, as the refresh grant makes them. */
  private async mint(
    source: InstanceType<Provider['RefreshToken']>,
    grant: InstanceType<Provider['Grant']>,
    triggerSource: TokenGenerationSource,
  ): Promise<IssuedTokens> {
    const { provider } = this;
    const client = await this.client(source.clientId as string);
    const origin = { grantId: source.grantId, sessionUid: source.sessionUid };
    const { triggers } = this.services;
    const generation = triggers && {
      triggers,
      clientId: client.clientId,
      triggerSource,
      scopes: [...source.scopes],
    };
    const account = await providerAccount(this.services.pool, source.accountId, origin, generation);
    if (!account) throw new Error('the account of a usable refresh token is gone');
    const settings = this.services.clients.loadedSettings(client.clientId);
    if (!settings) throw new Error('the app client of a refresh token is gone');

    const access = new provider.AccessToken({
      client,
      accountId: source.accountId,
      expiresWithSession: false,
      grantId: source.grantId as string,
      gty: source.gty ?? 'cognito_api',
      sessionUid: source.sessionUid,
    });
    access.resourceServer = new provider.ResourceServer(
      userPoolResource,
      userPoolResourceServer(settings, this.services.keys.accessTokenKey.kid),
    );
    const resourceScopes = access.resourceServer.scopes;
    access.scope = grant.getResourceScopeFiltered(
      userPoolResource,
      [...source.scopes].filter((scope) => resourceScopes.has(scope)),
    );
    withOrigin(access, {
      username: account.username,
      groups: account.groups,
      authTime: source.authTime,
      eventId: source.sessionUid,
      overrides: account.tokenOverrides,
    });
    const accessToken = await access.save();

    const scope = grant.getOIDCScopeFiltered(source.scopes);
    const idToken = new provider.IdToken(
      withTokenOverrides(
        {
          ...(await account.claims('id_token')),
          sub: source.accountId,
          acr: source.acr,
          amr: source.amr,
          auth_time: source.authTime,
        },
        await account.tokenOverrides(),
      ),
      { client },
    );
    // The claims the sign-in asked for (auth_time), as oidc-provider masks them.
    Object.assign(idToken, { scope, mask: { ...source.claims?.id_token }, rejected: [] });
    idToken.set('nonce', source.nonce);
    idToken.set('sid', source.sid);
    return {
      accessToken,
      idToken: await idToken.issue({ use: 'idtoken' }),
      expiresIn: access.expiration,
      tokenType: access.tokenType,
    };
  }

  private async client(clientId: string) {
    const client = await this.provider.Client.find(clientId);
    if (!client) throw new Error(`app client ${clientId} is gone`);
    return client;
  }
}
