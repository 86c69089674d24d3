import { generateKeyPairSync, sign } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';

/**
 * What the machine allows, measured in the same run as the load: the figures each row is judged
 * against. RS256 signing caps the token endpoint; argon2id verification caps password sign-in.
 */
export interface Limits {
  cores: number;
  /** RS256 signatures per second on one core (node:crypto, a 2048-bit key as the login server uses). */
  rs256PerCorePerSecond: number;
  /** argon2id verifications per second on the whole machine, with the login server's parameters. */
  argon2idPerSecond: number;
}

/** The login server's argon2id parameters (apps/login-server/src/pool/passwords.ts). */
const argon2Options = { algorithm: 2, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };

export async function measureLimits(seconds = 2): Promise<Limits> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const payload = Buffer.alloc(600, 'x');
  let signatures = 0;
  const signStart = performance.now();
  while (performance.now() - signStart < seconds * 1000) {
    sign('sha256', payload, privateKey);
    signatures++;
  }
  const rs256PerCorePerSecond = signatures / ((performance.now() - signStart) / 1000);

  const cores = availableParallelism();
  const stored = await hash('Passw0rd!', argon2Options);
  let verified = 0;
  const verifyStart = performance.now();
  // As many at once as there are cores: what a server verifying on every core could do.
  await Promise.all(
    Array.from({ length: cores }, async () => {
      while (performance.now() - verifyStart < seconds * 1000) {
        await verify(stored, 'Passw0rd!');
        verified++;
      }
    }),
  );
  const argon2idPerSecond = verified / ((performance.now() - verifyStart) / 1000);
  return { cores, rs256PerCorePerSecond, argon2idPerSecond };
}
