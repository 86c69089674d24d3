import { Secret, TOTP } from 'otpauth';

/** The code an authenticator app shows for `secret` (Cognito's SecretCode), `steps` 30-second steps from now. */
export function totpCode(secret: string, steps = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + steps * 30_000 });
}

/** A 6-digit code that is not the secret's at any step the server accepts now. */
export function wrongCode(secret: string): string {
  const accepted = new Set([-1, 0, 1].map((steps) => totpCode(secret, steps)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!accepted.has(code)) return code;
  }
}
