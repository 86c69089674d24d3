/**
 * Cognito's /logout takes `client_id` and either `logout_uri` (registered exactly in the client's
 * sign-out URLs; Cognito sends no `state` back) or the sign-in parameters, to sign in again at once.
 */
export type CognitoLogoutOptions =
  | { logoutUri: string }
  | { redirectUri: string; responseType?: 'code'; scopes?: string[]; state?: string };

export function logoutUrl(endpoint: string, clientId: string, options: CognitoLogoutOptions): string {
  const url = new URL(endpoint);
  url.searchParams.set('client_id', clientId);
  if ('logoutUri' in options) {
    url.searchParams.set('logout_uri', options.logoutUri);
  } else {
    url.searchParams.set('redirect_uri', options.redirectUri);
    url.searchParams.set('response_type', options.responseType ?? 'code');
    if (options.scopes?.length) url.searchParams.set('scope', options.scopes.join(' '));
    if (options.state) url.searchParams.set('state', options.state);
  }
  return url.href;
}
