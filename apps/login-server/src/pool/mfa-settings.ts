import type { PoolConfig } from '../config/schema.ts';
import type { User } from '../generated/prisma/client.ts';

/** What a sign-in needs after the password: a TOTP code, or setting TOTP up first (Cognito's challenge names). */
type SecondFactor = 'SOFTWARE_TOKEN_MFA' | 'MFA_SETUP';

type MfaFacts = Pick<User, 'totpSecret' | 'totpEnabled' | 'totpPreferred'>;

/**
 * Cognito's rule for the second factor, TOTP being the only one here. OFF: none. OPTIONAL: a code
 * from a user who verified a token and turned it on. ON: a code from a user with a verified token,
 * and setting one up for a user without.
 */
export function secondFactorDue(mfa: PoolConfig['pool']['mfa'], user: MfaFacts): SecondFactor | undefined {
  if (mfa === 'OFF') return undefined;
  if (mfa === 'ON') return user.totpSecret ? 'SOFTWARE_TOKEN_MFA' : 'MFA_SETUP';
  return user.totpSecret && user.totpEnabled ? 'SOFTWARE_TOKEN_MFA' : undefined;
}

/** GetUser's and AdminGetUser's UserMFASettingList and PreferredMfaSetting, left out when empty (as Cognito does). */
export function mfaSettingsOf(user: MfaFacts): { UserMFASettingList?: string[]; PreferredMfaSetting?: string } {
  if (!user.totpSecret || !user.totpEnabled) return {};
  return {
    UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
    ...(user.totpPreferred ? { PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' } : {}),
  };
}
