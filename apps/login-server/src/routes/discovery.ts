import Router from '@koa/router';
import type { ServerConfig } from '../config/load.ts';

/**
 * `{issuer}/.well-known/openid-configuration`, shaped as a Cognito pool with a domain: endpoints on
 * the hosted domain, keys in alphabetical order, and no code_challenge_methods_supported,
 * grant_types_supported or claims_supported (Cognito lists none of them).
 */
function discoveryDocument(config: ServerConfig): Record<string, unknown> {
  const domain = config.server.baseUrl;
  return {
    authorization_endpoint: `${domain}/oauth2/authorize`,
    end_session_endpoint: `${domain}/logout`,
    id_token_signing_alg_values_supported: ['RS256'],
    issuer: config.issuer,
    jwks_uri: `${config.issuer}/.well-known/jwks.json`,
    response_types_supported: ['code', 'token'],
    revocation_endpoint: `${domain}/oauth2/revoke`,
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    subject_types_supported: ['public'],
    token_endpoint: `${domain}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    userinfo_endpoint: `${domain}/oauth2/userInfo`,
  };
}

export function discoveryRoutes(config: ServerConfig): Router {
  const router = new Router();
  const document = discoveryDocument(config);
  router.get(`/${config.server.userPoolId}/.well-known/openid-configuration`, (ctx) => {
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.body = document;
  });
  // oidc-provider would serve its own, differently shaped document here; Cognito has none.
  router.get('/.well-known/openid-configuration', (ctx) => {
    ctx.status = 404;
    ctx.body = {
      error: 'not_found',
      error_description: `discovery lives at ${config.issuer}/.well-known/openid-configuration`,
    };
  });
  return router;
}
