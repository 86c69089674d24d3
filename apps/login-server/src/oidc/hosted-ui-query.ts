/**
 * Cognito's /oauth2/authorize parameters that oidc-provider does not know by itself: accepted and
 * kept with the interaction so that the hosted pages can carry them along (no federated identity
 * providers are emulated, so nothing acts on them).
 */
export const cognitoOnlyAuthorizeParams = ['lang', 'identity_provider', 'idp_identifier'] as const;

/**
 * Every authorize parameter the hosted pages carry on their URLs (/login?client_id=...&...), so that
 * a sign-in that has to start again at /oauth2/authorize asks for exactly what the app asked for:
 * the same PKCE challenge, nonce, prompt and the rest. Anything else on a page's URL (username,
 * notice) is the page's own and is not carried. Nor is `resource`: the only one this pool accepts is
 * its own, which oidc-provider adds by itself.
 */
const carried = [
  'client_id',
  'response_type',
  'scope',
  'redirect_uri',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'max_age',
  'login_hint',
  'acr_values',
  'ui_locales',
  'claims_locales',
  'display',
  'id_token_hint',
  'response_mode',
  ...cognitoOnlyAuthorizeParams,
] as const;

export function hostedUiQuery(params: Record<string, unknown>): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of carried) {
    const value = params[name];
    if ((typeof value === 'string' && value) || typeof value === 'number') query.set(name, String(value));
  }
  return query;
}
