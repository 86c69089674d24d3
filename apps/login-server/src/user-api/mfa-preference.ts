import { z } from 'zod';
import { parseInput } from '../admin-api/protocol.ts';
import { CognitoError } from '../pool/errors.ts';
import type { SoftwareTokenPreference } from '../pool/software-tokens.ts';

const factor = z.object({ Enabled: z.boolean().optional(), PreferredMfa: z.boolean().optional() }).loose();

// amazon-cognito-identity-js sends null for a factor it leaves alone.
const preferenceInput = z
  .object({
    SoftwareTokenMfaSettings: factor.nullish(),
    SMSMfaSettings: factor.nullish(),
    EmailMfaSettings: factor.nullish(),
  })
  .loose();

/**
 * The TOTP part of SetUserMFAPreference's and AdminSetUserMFAPreference's input. This pool sends no
 * SMS and no MFA email: turning either on is refused, turning it off changes nothing.
 */
export function softwareTokenPreferenceOf(input: unknown): SoftwareTokenPreference {
  const i = parseInput(preferenceInput, input);
  for (const [name, settings] of [
    ['SMS', i.SMSMfaSettings],
    ['Email', i.EmailMfaSettings],
  ] as const) {
    if (settings?.Enabled || settings?.PreferredMfa) {
      throw new CognitoError('InvalidParameterException', `${name} MFA is not available in this user pool.`);
    }
  }
  const { Enabled, PreferredMfa } = i.SoftwareTokenMfaSettings ?? {};
  return { Enabled, PreferredMfa };
}
