import { jwtVerify, SignJWT } from 'jose';

/**
 * The NEW_PASSWORD_REQUIRED step carries who proved the temporary password to the next form,
 * signed and short-lived, so the password does not have to travel twice.
 */
export class NewPasswordChallenge {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  issue(sub: string): Promise<string> {
    return new SignJWT({ purpose: 'new_password' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setExpirationTime('5m')
      .sign(this.key);
  }

  async verify(token: string): Promise<string | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      return payload.purpose === 'new_password' ? payload.sub : undefined;
    } catch {
      return undefined;
    }
  }
}
