/** Options shared by both ways of pointing the strategy at a user pool. */
interface CommonOptions {
  clientId: string;
  /** Omit for a public client (no secret). Sent with HTTP Basic, as Cognito expects. */
  clientSecret?: string;
  /** Exactly as registered in the app client's callback URLs. */
  redirectURI: string;
  /** Default `openid email profile` (Cognito has no `offline_access`: refresh tokens come with the code grant). */
  scopes?: string[];
  /**
   * Name of the short-lived cookie that holds state, PKCE verifier and nonce. The cookie is read back
   * by prefix, so on one host (cookies ignore ports) each app needs a name that is not a prefix of
   * another app's. Default `cognito`.
   */
  cookieName?: string;
  /** Send the state cookie only over https (default: true when redirectURI is https). */
  secureCookie?: boolean;
}

/** A real Cognito user pool with a domain. */
export interface CognitoPoolOptions extends CommonOptions {
  region: string;
  userPoolId: string;
  /** The pool's domain: `https://<prefix>.auth.<region>.amazoncognito.com` or a custom domain. */
  domain: string;
}

/** Any Cognito-compatible server by its URLs (a local emulator, or a pool behind other names). */
export interface CognitoUrlOptions extends CommonOptions {
  /** The token issuer, e.g. `https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC` (JWKS beneath it). */
  issuer: string;
  /** Where browsers go: the hosted UI / domain base URL. */
  hostedUiUrl: string;
  /**
   * Where this server reaches the issuer and the domain for server-to-server calls (token, revoke,
   * userInfo, JWKS, the user API) when the public names do not resolve from here, e.g. inside a cluster. Browsers
   * keep `hostedUiUrl`; tokens are still checked against `issuer`.
   */
  backChannelUrl?: string;
}

export type CognitoStrategyOptions = CognitoPoolOptions | CognitoUrlOptions;

/** Every URL the strategy uses, derived once. */
export interface CognitoEndpoints {
  issuer: string;
  /** Browser-facing. */
  authorization: string;
  logout: string;
  /** Server-to-server. */
  token: string;
  revocation: string;
  userInfo: string;
  jwks: string;
  /** Cognito's JSON API (GetUser, GlobalSignOut): the issuer's origin, `https://cognito-idp.<region>.amazonaws.com/`. */
  api: string;
}

const regionPattern = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const poolPattern = /^[a-z]{2}(-gov)?-[a-z]+-\d_[0-9a-zA-Z]+$/;

function httpUrl(name: string, value: unknown): URL {
  if (typeof value !== 'string' || !value) throw new TypeError(`CognitoStrategy: option "${name}" is required`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`CognitoStrategy: option "${name}" must be an absolute URL, got "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`CognitoStrategy: option "${name}" must be an http(s) URL, got "${value}"`);
  }
  return url;
}

const trim = (url: URL) => url.href.replace(/\/+$/, '');

/** Validates the options (errors name the option) and derives the endpoints. */
export function resolveEndpoints(options: CognitoStrategyOptions): CognitoEndpoints {
  if (!options.clientId) throw new TypeError('CognitoStrategy: option "clientId" is required');
  httpUrl('redirectURI', options.redirectURI);

  if ('userPoolId' in options) {
    if (!regionPattern.test(options.region ?? '')) {
      throw new TypeError(`CognitoStrategy: option "region" must look like us-east-1, got "${options.region}"`);
    }
    if (!poolPattern.test(options.userPoolId ?? '') || !options.userPoolId.startsWith(`${options.region}_`)) {
      throw new TypeError(
        `CognitoStrategy: option "userPoolId" must look like ${options.region}_AbC123, got "${options.userPoolId}"`,
      );
    }
    const domain = trim(httpUrl('domain', options.domain));
    const issuer = `https://cognito-idp.${options.region}.amazonaws.com/${options.userPoolId}`;
    return endpoints(issuer, domain, domain, issuer, new URL('/', issuer).href);
  }

  const issuer = trim(httpUrl('issuer', options.issuer));
  const hostedUi = trim(httpUrl('hostedUiUrl', options.hostedUiUrl));
  if (!options.backChannelUrl) return endpoints(issuer, hostedUi, hostedUi, issuer, new URL('/', issuer).href);
  const back = trim(httpUrl('backChannelUrl', options.backChannelUrl));
  // The same paths, on the host this server can reach.
  return endpoints(
    issuer,
    hostedUi,
    back + new URL(hostedUi).pathname.replace(/\/+$/, ''),
    back + new URL(issuer).pathname,
    new URL('/', back).href,
  );
}

function endpoints(issuer: string, front: string, back: string, issuerBack: string, api: string): CognitoEndpoints {
  return {
    issuer,
    authorization: `${front}/oauth2/authorize`,
    logout: `${front}/logout`,
    token: `${back}/oauth2/token`,
    revocation: `${back}/oauth2/revoke`,
    userInfo: `${back}/oauth2/userInfo`,
    jwks: `${issuerBack}/.well-known/jwks.json`,
    api,
  };
}
