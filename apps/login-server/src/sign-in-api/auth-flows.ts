import type { AppClientSettings } from '../config/schema.ts';
import { CognitoError } from '../pool/errors.ts';

/** Cognito's AuthFlow values. */
export const authFlows = [
  'USER_SRP_AUTH',
  'REFRESH_TOKEN_AUTH',
  'REFRESH_TOKEN',
  'CUSTOM_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'ADMIN_USER_PASSWORD_AUTH',
  'USER_AUTH',
] as const;
export type AuthFlow = (typeof authFlows)[number];

/** The ExplicitAuthFlows value that enables each flow. */
const enabledBy: Record<AuthFlow, string> = {
  USER_SRP_AUTH: 'ALLOW_USER_SRP_AUTH',
  REFRESH_TOKEN_AUTH: 'ALLOW_REFRESH_TOKEN_AUTH',
  REFRESH_TOKEN: 'ALLOW_REFRESH_TOKEN_AUTH',
  CUSTOM_AUTH: 'ALLOW_CUSTOM_AUTH',
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  ADMIN_USER_PASSWORD_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  // Choice-based sign-in needs a pool tier this local pool does not emulate: never enabled.
  USER_AUTH: 'ALLOW_USER_AUTH',
};

/** What the legacy values (names without ALLOW_) enabled: SRP and refresh always, the named flow besides. */
const legacyEnabledBy: Partial<Record<AuthFlow, string>> = {
  ADMIN_NO_SRP_AUTH: 'ADMIN_NO_SRP_AUTH',
  ADMIN_USER_PASSWORD_AUTH: 'ADMIN_NO_SRP_AUTH',
  USER_PASSWORD_AUTH: 'USER_PASSWORD_AUTH',
};

function isRefresh(flow: AuthFlow): boolean {
  return flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN';
}

function flowEnabled(settings: AppClientSettings, flow: AuthFlow): boolean {
  // Cognito: refresh token rotation and REFRESH_TOKEN_AUTH do not go together (rotating clients refresh
  // with GetTokensFromRefreshToken or /oauth2/token).
  if (isRefresh(flow) && settings.refreshTokenRotation.enabled) return false;
  const flows: readonly string[] = settings.explicitAuthFlows;
  if (flows.every((f) => f.startsWith('ALLOW_'))) return flows.includes(enabledBy[flow]);
  if (flows.includes('CUSTOM_AUTH_FLOW_ONLY')) return flow === 'CUSTOM_AUTH' || isRefresh(flow);
  const legacy = legacyEnabledBy[flow];
  return legacy ? flows.includes(legacy) : flow !== 'USER_AUTH';
}

/** The flows each operation takes; the other ones are "not supported" there. */
const notWith = {
  InitiateAuth: new Set<AuthFlow>(['ADMIN_NO_SRP_AUTH', 'ADMIN_USER_PASSWORD_AUTH']),
  AdminInitiateAuth: new Set<AuthFlow>(['USER_PASSWORD_AUTH']),
};

/** Throws Cognito's InvalidParameterException unless the operation takes the flow and the client enables it. */
export function checkAuthFlow(
  flow: AuthFlow,
  operation: 'InitiateAuth' | 'AdminInitiateAuth',
  settings: AppClientSettings,
): void {
  if (notWith[operation].has(flow))
    throw new CognitoError('InvalidParameterException', 'Initiate Auth method not supported.');
  if (!flowEnabled(settings, flow)) {
    throw new CognitoError('InvalidParameterException', `${flow} flow not enabled for this client`);
  }
}
