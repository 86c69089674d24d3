import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { requestKey as authorizeRequestKey, currentFlow } from './flow-context.ts';
import { type DecodedToken, type Detail, decodedToken, type FlowLog, masked } from './flow-log.ts';

type Params = Record<string, unknown>;

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The authorize request's own key, before a grant exists. */
const requestKey = (params: Params) => authorizeRequestKey(params.client_id, params.state);

const shown = (details: [string, string | undefined][]): Detail[] =>
  details.filter((d): d is [string, string] => d[1] !== undefined);

/** How the client proved who it is at the token endpoint (never the secret itself). */
function clientAuthentication(ctx: KoaContextWithOIDC): string {
  if (/^basic /i.test(ctx.get('authorization'))) return 'client_secret_basic';
  if (ctx.oidc.params?.client_secret !== undefined) return 'client_secret_post';
  return 'none';
}

/** Records oidc-provider's events into `flows`: what the inspector shows of each sign-in. */
export function inspectProvider(provider: Provider, flows: FlowLog): void {
  provider.on('interaction.started', (ctx: KoaContextWithOIDC, prompt: { name: string }) => {
    const params = (ctx.oidc.params ?? {}) as Params;
    flows.record([requestKey(params)], text(params.client_id), {
      title: 'Hosted page shown',
      details: [
        ['page', `/login (prompt: ${prompt.name})`],
        ['why', 'no signed-in hosted session for this browser yet'],
      ],
      tokens: [],
    });
  });

  provider.on('authorization.success', (ctx: KoaContextWithOIDC, response?: Params) => {
    const params = (ctx.oidc.params ?? {}) as Params;
    const out = response ?? {};
    const code = text(out.code);
    const grantId = ctx.oidc.entities.AuthorizationCode?.grantId;
    const keys = [requestKey(params), grantId && `grant:${grantId}`, code && `code:${code}`];
    flows.record(keys, text(params.client_id), {
      title: 'Authorize request',
      details: shown(
        [
          'client_id',
          'redirect_uri',
          'response_type',
          'scope',
          'state',
          'code_challenge',
          'code_challenge_method',
          'nonce',
        ].map((name) => [name, text(params[name])]),
      ),
      tokens: [],
    });
    flows.record(keys, text(params.client_id), {
      title: 'Redirect with the code',
      details: shown([
        ['to', text(params.redirect_uri)],
        ['code', code && masked(code)],
        ['state', text(out.state)],
      ]),
      tokens: [],
    });
  });

  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    const { entities, params } = ctx.oidc;
    const grantType = text(params?.grant_type);
    const grantId = entities.Grant?.jti;
    const code = text(params?.code);
    const body = (ctx.body ?? {}) as Params;
    const tokens = [decodedToken('ID token', body.id_token), decodedToken('Access token', body.access_token)].filter(
      (t): t is DecodedToken => t !== undefined,
    );
    const refreshToken = text(body.refresh_token);
    const presented = text(params?.refresh_token);
    const keys = [grantId && `grant:${grantId}`, code && `code:${code}`];
    // No sign-in behind it (client_credentials): no flow.
    if (!keys.some(Boolean)) return;
    // Through the request's flow scope: the triggers the request ran (pre token generation) follow.
    (currentFlow() ?? flows).record(keys, ctx.oidc.client?.clientId, {
      title: grantType === 'refresh_token' ? 'Refresh' : 'Token request',
      details: shown([
        ['grant_type', grantType],
        ['client authentication', clientAuthentication(ctx)],
        ['client_id', ctx.oidc.client?.clientId],
        ['code', code && masked(code)],
        ['refresh token presented', presented && masked(presented)],
        ['refresh token issued', refreshToken && (refreshToken === presented ? 'the same one' : masked(refreshToken))],
        ['expires_in', body.expires_in === undefined ? undefined : String(body.expires_in)],
      ]),
      tokens,
    });
  });

  // A refused token request, in the flow of its code or refresh token (a trigger's failure, mostly).
  provider.on('grant.error', (ctx: KoaContextWithOIDC, error: { error?: string; error_description?: string }) => {
    const { entities, params } = ctx.oidc;
    const code = text(params?.code);
    const grantId = entities.AuthorizationCode?.grantId ?? entities.RefreshToken?.grantId;
    const keys = [grantId && `grant:${grantId}`, code && `code:${code}`];
    // Only a sign-in's own request: a stray code or token starts no flow.
    if (!keys.some((key) => key && flows.has(key))) return;
    (currentFlow() ?? flows).record(keys, ctx.oidc.client?.clientId, {
      title: 'Token request refused',
      details: shown([
        ['grant_type', text(params?.grant_type)],
        ['client_id', ctx.oidc.client?.clientId],
        ['error', error.error],
        ['why', error.error_description],
      ]),
      tokens: [],
    });
  });

  provider.on('grant.revoked', (ctx: KoaContextWithOIDC, grantId: string) => {
    const revoked = ctx.oidc.entities.RefreshToken ?? ctx.oidc.entities.AccessToken;
    flows.record([`grant:${grantId}`], ctx.oidc.client?.clientId, {
      title: 'Revocation',
      details: shown([
        ['endpoint', ctx.path],
        ['token revoked', revoked?.kind],
        ['client authentication', clientAuthentication(ctx)],
        ['effect', 'the grant and every token issued under it are revoked'],
      ]),
      tokens: [],
    });
  });
}
