import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import pLimit from 'p-limit';
import type { PoolConfig } from '../config/schema.ts';
import { CognitoError } from './errors.ts';

/** argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). */
// algorithm 2 is Argon2id (the package exports it as a const enum, which isolated modules cannot read).
const argon2Options = { algorithm: 2, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };

/**
 * argon2 runs on libuv's thread pool, which token signing (Web Crypto) shares. Unlimited, a burst of
 * sign-ins fills the pool's queue with hashes and every token waits behind them; one hash per core at
 * a time keeps the hashing rate (the cores are the limit anyway) and leaves threads for signing.
 */
const onePerCore = pLimit(availableParallelism());

export function hashPassword(password: string): Promise<string> {
  return onePerCore(() => hash(password, argon2Options));
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return onePerCore(() => verify(passwordHash, password)).catch(() => false);
}

/** A stored hash to compare against when the user does not exist, so timing does not tell. */
let decoyHash: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<void> {
  decoyHash ??= hashPassword('decoy password that nobody has');
  await verifyPassword(await decoyHash, password);
}

/** Cognito's symbol set for password policies. */
const symbols = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** Throws Cognito's InvalidPasswordException, naming the first rule the password breaks. */
export function checkPasswordPolicy(password: string, policy: PoolConfig['pool']['passwordPolicy']): void {
  const fail = (reason: string) => {
    throw new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${reason}`);
  };
  if (password.length < policy.minimumLength) fail('Password not long enough');
  if (password.length > 256) fail('Password is too long');
  if (/^\s|\s$/.test(password)) fail('Password must not begin or end with a space');
  if (policy.requireLowercase && !/[a-z]/.test(password)) fail('Password must have lowercase characters');
  if (policy.requireUppercase && !/[A-Z]/.test(password)) fail('Password must have uppercase characters');
  if (policy.requireNumbers && !/[0-9]/.test(password)) fail('Password must have numeric characters');
  if (policy.requireSymbols && !symbols.test(password)) fail('Password must have symbol characters');
}

/** A temporary password that satisfies any policy Cognito allows (AdminCreateUser without one). */
export function generateTemporaryPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!@#%&*?'];
  const chars = sets.flatMap((set) => Array.from({ length: 3 }, () => set[randomInt(set.length)] as string));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
