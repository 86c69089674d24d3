import { defaults } from '../config/defaults.ts';
import type { AppClientSettings } from '../config/schema.ts';
import type { User } from '../generated/prisma/client.ts';
import { toAttributeList } from '../pool/attributes.ts';
import type { AppClient } from '../pool/clients.ts';
import { mfaSettingsOf } from '../pool/mfa-settings.ts';

/** Cognito sends dates as epoch seconds (the SDK turns them into Date objects). */
export const epoch = (date: Date) => date.getTime() / 1000;

/** The user's status as Cognito names it (FORCE_CHANGE_PASSWORD etc. are stored as-is). */
export function toUserType(user: User) {
  return {
    Username: user.username,
    Attributes: toAttributeList(user),
    UserCreateDate: epoch(user.createdAt),
    UserLastModifiedDate: epoch(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

/** AdminGetUser's shape: the same facts, with `UserAttributes`, and the user's MFA settings. */
export function toAdminGetUser(user: User) {
  const { Attributes, ...rest } = toUserType(user);
  return { ...rest, UserAttributes: Attributes, ...mfaSettingsOf(user) };
}

/** A validity in seconds, in the largest unit that divides it (what the API reports with its unit). */
function inUnits(seconds: number): { value: number; unit: 'days' | 'hours' | 'minutes' | 'seconds' } {
  if (seconds % 86400 === 0) return { value: seconds / 86400, unit: 'days' };
  if (seconds % 3600 === 0) return { value: seconds / 3600, unit: 'hours' };
  if (seconds % 60 === 0) return { value: seconds / 60, unit: 'minutes' };
  return { value: seconds, unit: 'seconds' };
}

export function toUserPoolClientType(client: AppClient, userPoolId: string) {
  const s: AppClientSettings = client.settings;
  const access = inUnits(s.tokenValidity.accessToken);
  const id = inUnits(s.tokenValidity.idToken);
  const refresh = inUnits(s.tokenValidity.refreshToken);
  const oauth = s.allowedOAuthFlows.length > 0;
  return {
    UserPoolId: userPoolId,
    ClientName: client.clientName,
    ClientId: client.clientId,
    ...(client.clientSecret ? { ClientSecret: client.clientSecret } : {}),
    LastModifiedDate: epoch(client.updatedAt),
    CreationDate: epoch(client.createdAt),
    AccessTokenValidity: access.value,
    IdTokenValidity: id.value,
    RefreshTokenValidity: refresh.value,
    TokenValidityUnits: { AccessToken: access.unit, IdToken: id.unit, RefreshToken: refresh.unit },
    SupportedIdentityProviders: ['COGNITO'],
    CallbackURLs: s.callbackUrls,
    LogoutURLs: s.logoutUrls,
    AllowedOAuthFlows: s.allowedOAuthFlows,
    AllowedOAuthScopes: s.allowedOAuthScopes,
    AllowedOAuthFlowsUserPoolClient: oauth,
    EnableTokenRevocation: s.enableTokenRevocation,
    RefreshTokenRotation: {
      Feature: s.refreshTokenRotation.enabled ? 'ENABLED' : 'DISABLED',
      RetryGracePeriodSeconds: s.refreshTokenRotation.retryGracePeriodSeconds,
    },
    PreventUserExistenceErrors: s.preventUserExistenceErrors,
    ExplicitAuthFlows: s.explicitAuthFlows,
    AuthSessionValidity: defaults.client.authSessionSeconds / 60,
  };
}

/** Where a code was sent, masked as Cognito does: `a***@e***`. */
export function codeDelivery(email: string) {
  const [local = '', domain = ''] = email.split('@');
  return { Destination: `${local[0] ?? ''}***@${domain[0] ?? ''}***`, DeliveryMedium: 'EMAIL', AttributeName: 'email' };
}
