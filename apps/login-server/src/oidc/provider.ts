import { isDatabaseUnavailable, isRefusedText } from '@sso/service';
import Provider, { type Configuration, errors, type KoaContextWithOIDC } from 'oidc-provider';
import { defaults, standardScopes } from '../config/defaults.ts';
import { answerUnavailable, failureBoundary, logUnhandledErrors, noteFailure } from '../failure-boundary.ts';
import { inspectProvider } from '../inspector/provider-events.ts';
import { CognitoError } from '../pool/errors.ts';
import type { Services } from '../services.ts';
import { providerAccount, type TokenGeneration } from './account.ts';
import { PostgresAdapter } from './adapter.ts';
import { applyIdTokenOverrides, claimsConfig, shapeAccessToken, tokenOverridesOf } from './claims.ts';
import { clientAdapter } from './client-metadata.ts';
import { clientSettings } from './client-settings.ts';
import { cognitoShape } from './cognito-shape.ts';
import { cognitoOnlyAuthorizeParams, hostedUiQuery } from './hosted-ui-query.ts';
import { originOf } from './token-origin.ts';
import { userPoolResource, userPoolResourceServer } from './user-pool-resource.ts';

/** oidc-provider, configured to behave like a Cognito user pool with a hosted domain. */
export function createProvider(services: Services): Provider {
  const { config, pool, keys, clients, log, triggers } = services;

  /** Tokens the token endpoint is about to issue: from a code (the hosted sign-in) or a refresh token. */
  const tokenGeneration = (ctx: KoaContextWithOIDC | undefined, token: unknown): TokenGeneration | undefined => {
    const { kind, clientId, scope } = (token ?? {}) as { kind?: string; clientId?: string; scope?: string };
    const triggerSource =
      kind === 'AuthorizationCode'
        ? 'TokenGeneration_HostedAuth'
        : kind === 'RefreshToken'
          ? 'TokenGeneration_RefreshTokens'
          : undefined;
    const client = ctx?.oidc.client?.clientId ?? clientId;
    if (!triggerSource || !client) return undefined;
    return {
      triggers,
      clientId: client,
      triggerSource,
      scopes: (scope ?? '').split(' ').filter(Boolean),
      // A handler that refuses or fails: a 400 that says why, not a server error.
      failure: (error) => (error instanceof CognitoError ? new errors.InvalidRequest(error.message) : error),
    };
  };
  const settingsOf = clientSettings(clients);

  const configuration: Configuration = {
    adapter: (name: string) => {
      // App clients live in the pool's own table (config file and admin API).
      if (name === 'Client') return clientAdapter(clients);
      return new PostgresAdapter(name, pool, async (clientId) => {
        const rotation = (await clients.find(clientId))?.settings.refreshTokenRotation;
        return rotation?.enabled ? rotation.retryGracePeriodSeconds : 0;
      });
    },
    jwks: { keys: [keys.idTokenKey, keys.accessTokenKey] },
    enabledJWA: { idTokenSigningAlgValues: ['RS256'] },

    findAccount: (ctx, sub, token) =>
      providerAccount(
        pool,
        sub,
        { grantId: token?.grantId, sessionUid: (token as { sessionUid?: string } | undefined)?.sessionUid },
        tokenGeneration(ctx, token),
      ),
    claims: claimsConfig(config.pool.customAttributes),
    // Cognito puts the scope's attributes in the ID token, not only at userInfo.
    conformIdTokenClaims: false,
    scopes: [...standardScopes],
    responseTypes: ['code'],
    extraParams: [...cognitoOnlyAuthorizeParams],
    pkce: { required: () => false },
    allowOmittingSingleRegisteredRedirectUri: false,
    // Cognito's token endpoints answer with Access-Control-Allow-Origin: *.
    clientBasedCORS: () => true,

    routes: {
      authorization: '/oauth2/authorize',
      token: '/oauth2/token',
      revocation: '/oauth2/revoke',
      jwks: `/${config.server.userPoolId}/.well-known/jwks.json`,
      // Served by routes of our own (Cognito's shapes), or disabled below.
      userinfo: '/oauth2/_userinfo',
      end_session: '/oauth2/_end_session',
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: {
        enabled: true,
        // A token is revoked only by the client it was issued to (Cognito binds tokens to their client).
        allowedPolicy: (_ctx, client, token) => {
          if (token.clientId !== client.clientId)
            throw new errors.InvalidRequest('the token belongs to another client');
          return true;
        },
      },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => userPoolResource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: KoaContextWithOIDC, resource: string, client) => {
          if (resource !== userPoolResource) throw new errors.InvalidTarget();
          return userPoolResourceServer(settingsOf(client), keys.accessTokenKey.kid);
        },
      },
    },
    formats: {
      customizers: {
        // Also runs for the sign-in API's tokens, without a request context (token-origin.ts).
        async jwt(ctx: KoaContextWithOIDC | undefined, token, jwt) {
          const origin = originOf(ctx, token);
          jwt.payload = shapeAccessToken(jwt.payload, {
            overrides: await origin.overrides?.(),
            username: origin.username,
            groups: origin.groups,
            authTime: origin.authTime,
            originJti: 'grantId' in token ? token.grantId : undefined,
            eventId: origin.eventId,
          });
        },
      },
    },

    cookies: {
      names: { session: 'cognito', interaction: 'cognito-interaction', resume: 'cognito-resume' },
      long: cookieOptions(config.server.baseUrl),
      short: cookieOptions(config.server.baseUrl),
      keys: keys.cookieKeys,
    },
    ttl: {
      AuthorizationCode: defaults.authorizationCodeSeconds,
      Interaction: defaults.interactionSeconds,
      // The hosted session lasts a fixed time from sign-in, not from the last visit.
      Session: (_ctx, session) => {
        const total = config.pool.ssoSessionMinutes * 60;
        const since = session.loginTs ? Math.floor(Date.now() / 1000) - session.loginTs : 0;
        return Math.max(total - since, 1);
      },
      AccessToken: (_ctx, _token, client) => settingsOf(client).tokenValidity.accessToken,
      ClientCredentials: (_ctx, _token, client) => settingsOf(client).tokenValidity.accessToken,
      IdToken: (_ctx, _token, client) => settingsOf(client).tokenValidity.idToken,
      RefreshToken: (_ctx, _token, client) => settingsOf(client).tokenValidity.refreshToken,
      // A grant outlives the refresh tokens issued under it. (The sign-in API saves grants without a request context.)
      Grant: (_ctx, grant) =>
        grant.clientId ? settingsOf({ clientId: grant.clientId }).tokenValidity.refreshToken : 3650 * 86400,
    },
    // Tokens outlive the hosted session: signing out of the hosted UI does not end an app's tokens.
    expiresWithSession: () => false,
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: (ctx) => settingsOf(ctx.oidc.client).refreshTokenRotation.enabled,

    // First-party apps: Cognito has no consent screen, so the grant is whatever the app may ask for.
    async loadExistingGrant(ctx) {
      const { oidc } = ctx;
      const client = oidc.client!;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(client.clientId);
      const grant =
        (grantId ? await oidc.provider.Grant.find(grantId) : undefined) ??
        new oidc.provider.Grant({ clientId: client.clientId, accountId: oidc.session!.accountId });
      const scope = oidc.params?.scope as string | undefined;
      if (scope) {
        grant.addOIDCScope(scope);
        grant.addResourceScope(userPoolResource, scope);
      }
      await grant.save();
      return grant;
    },
    interactions: {
      url: (_ctx, interaction) => `/login?${hostedUiQuery(interaction.params)}`,
    },
    // Cognito never redirects to an unverified redirect_uri: it shows its own error page.
    async renderError(ctx, out, error) {
      if (isDatabaseUnavailable(error)) return answerUnavailable(ctx);
      // Text the database refused is answered 400 by the failure boundary, without a redirect.
      if (isRefusedText(error)) return;
      const query = new URLSearchParams({ error: cognitoPageError(out.error) });
      const clientId = ctx.oidc?.params?.client_id;
      if (typeof clientId === 'string') query.set('client_id', clientId);
      if (out.error_description) query.set('error_description', out.error_description);
      ctx.status = 302;
      ctx.redirect(`/error?${query}`);
    },
  };

  const provider = new Provider(config.issuer, configuration);
  // The pre token generation trigger's answer reaches the ID token after oidc-provider has picked
  // the claims the scopes release, so that the claims it adds are not filtered out.
  const idTokenPayload = provider.IdToken.prototype.payload;
  provider.IdToken.prototype.payload = async function payload(this: { available: object }) {
    return applyIdTokenOverrides(await idTokenPayload.call(this), tokenOverridesOf(this.available));
  };
  // Behind a Kubernetes Service or proxy, trust X-Forwarded-Proto for secure cookies.
  provider.proxy = true;
  // Failures oidc-provider does not answer itself, and database outages it answers as server_error.
  provider.use(failureBoundary(log));
  logUnhandledErrors(provider, log);
  provider.use(cognitoShape(services));
  // The token and revocation routes report some errors in Cognito's words; they need the cause.
  const keepError = (ctx: KoaContextWithOIDC, error: unknown) => {
    (ctx.state as { oauthError?: unknown }).oauthError = error;
  };
  provider.on('grant.error', keepError);
  provider.on('revocation.error', keepError);
  provider.on('server_error', (ctx, error) => noteFailure(log, ctx, error));
  if (services.flows) inspectProvider(provider, services.flows);
  return provider;
}

function cookieOptions(baseUrl: string) {
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: baseUrl.startsWith('https:') };
}

function cognitoPageError(error: string): string {
  return error === 'invalid_redirect_uri' ? 'redirect_mismatch' : error;
}
