import { CognitoAuthError, CognitoStrategy } from '@sso/remix-auth-cognito';
import { Authenticator } from 'remix-auth';
import { type IdentityProvider, type SignIn, SignInError, type SignInFailure } from './identity-provider.ts';
import type { ProductSettings } from './settings.server.ts';

const failures: Record<CognitoAuthError['code'], SignInFailure> = {
  access_denied: 'access_denied',
  state_mismatch: 'state_mismatch',
  invalid_grant: 'invalid_grant',
  id_token_invalid: 'id_token_invalid',
  login_server_unreachable: 'login_server_unreachable',
  invalid_client: 'login_failed',
  unexpected: 'login_failed',
};

/** Sign-in through the Cognito strategy, configured from the product's settings. */
export function createCognitoProvider(settings: ProductSettings, cookiePrefix: string): IdentityProvider {
  const { cognito } = settings;
  const strategy = new CognitoStrategy<SignIn>(
    {
      issuer: cognito.issuer,
      hostedUiUrl: cognito.hostedUiUrl,
      ...(cognito.backChannelUrl ? { backChannelUrl: cognito.backChannelUrl } : {}),
      clientId: cognito.clientId,
      ...(cognito.clientSecret ? { clientSecret: cognito.clientSecret } : {}),
      redirectURI: settings.redirectUri,
      scopes: cognito.scopes,
      cookieName: `${cookiePrefix}_oauth`,
    },
    async ({ profile, tokens }) => ({ identity: profile, claims: profile.claims, tokens }),
  );
  const authenticator = new Authenticator<SignIn>();
  authenticator.use(strategy, 'cognito');
  const translated = (error: unknown) =>
    error instanceof CognitoAuthError ? new SignInError(failures[error.code], error.message, { cause: error }) : error;

  return {
    async authenticate(request) {
      try {
        return await authenticator.authenticate('cognito', request);
      } catch (error) {
        throw translated(error);
      }
    },
    async refresh(refreshToken) {
      try {
        const { profile, tokens } = await strategy.refresh(refreshToken);
        return { identity: profile, claims: profile.claims, tokens };
      } catch (error) {
        throw translated(error);
      }
    },
    revoke: (refreshToken) => strategy.revoke(refreshToken),
    logoutUrl: (logoutUri) => strategy.logoutUrl({ logoutUri }),
    clearStateCookies: (request) => strategy.clearStateCookies(request),
  };
}
