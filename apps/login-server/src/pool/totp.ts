import { randomBytes } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';
import { Secret, TOTP } from 'otpauth';

/**
 * Cognito's software token (TOTP, RFC 6238): SHA-1, 6 digits, 30-second steps, a code of the step
 * before or after accepted too; the secret handed out (SecretCode) is base32 without padding.
 */
const parameters = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

/** A new secret: 32 random bytes, 52 base32 characters, as Cognito's SecretCode. */
export function newTotpSecret(): string {
  return new Secret({ buffer: randomBytes(32).buffer }).base32;
}

/** The otpauth:// URI an authenticator app reads from a QR code. */
export function totpUri(secret: string, issuer: string, account: string): string {
  return new TOTP({ ...parameters, issuer, label: account, secret: Secret.fromBase32(secret) }).toString();
}

/**
 * The time step a code belongs to, if it is the code of the step at `now` or of the one either side
 * of it; undefined for any other code. The step lets a caller refuse a code used before.
 */
export function totpStep(secret: string, code: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const totp = new TOTP({ ...parameters, secret: Secret.fromBase32(secret) });
  const timestamp = now.getTime();
  const delta = totp.validate({ token: code, timestamp, window: 1 });
  return delta === null ? undefined : totp.counter({ timestamp }) + delta;
}

/**
 * TOTP secrets at rest: a JWE (direct A256GCM) under the server's TOTP key, its protected header
 * naming the user, so a stored secret neither reads without the key nor serves another user.
 */
export class TotpSecretBox {
  private readonly key: Uint8Array;

  constructor(key: string) {
    this.key = Buffer.from(key, 'base64url');
  }

  seal(sub: string, secret: string): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(secret))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', sub })
      .encrypt(this.key);
  }

  async open(sub: string, sealed: string): Promise<string> {
    const { plaintext, protectedHeader } = await compactDecrypt(sealed, this.key);
    if (protectedHeader.sub !== sub) throw new Error('a TOTP secret sealed for another user');
    return new TextDecoder().decode(plaintext);
  }
}
