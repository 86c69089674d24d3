/**
 * A product's app client in a test pool file: a confidential client on the code flow, its callback
 * and sign-out URLs on `url`, the scopes the products ask for (GetUser and GlobalSignOut included).
 */
export function productClient(id: string, url: string) {
  return {
    clientId: id,
    clientName: id,
    clientSecret: `${id}-secret`,
    callbackUrls: [`${url}/auth/callback`],
    logoutUrls: [`${url}/`],
    allowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
  };
}
