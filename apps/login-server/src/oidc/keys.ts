import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

export interface ServerKeys {
  /** Signs ID tokens. Cognito signs ID and access tokens with different keys, so we do too. */
  idTokenKey: JWK & { kid: string };
  accessTokenKey: JWK & { kid: string };
  /** Signs the hosted UI's cookies. */
  cookieKeys: string[];
  /** Encrypts users' TOTP secrets at rest (base64url, 32 bytes). */
  totpKey: string;
}

/**
 * Loads the server's keys, making them on first start. Insert-if-absent then read back, so two
 * instances starting together agree on one set.
 */
export async function loadServerKeys(prisma: PrismaClient): Promise<ServerKeys> {
  const [idTokenKey, accessTokenKey, cookieKeys, totpKey] = await Promise.all([
    ensureSecret(prisma, 'id-token-signing-key', () => makeSigningKey()),
    ensureSecret(prisma, 'access-token-signing-key', () => makeSigningKey()),
    ensureSecret(prisma, 'cookie-keys', async () => [randomBytes(32).toString('base64url')]),
    ensureSecret(prisma, 'totp-secret-key', async () => randomBytes(32).toString('base64url')),
  ]);
  return {
    idTokenKey: idTokenKey as ServerKeys['idTokenKey'],
    accessTokenKey: accessTokenKey as ServerKeys['accessTokenKey'],
    cookieKeys: cookieKeys as string[],
    totpKey: totpKey as string,
  };
}

async function ensureSecret(prisma: PrismaClient, name: string, make: () => Promise<unknown>): Promise<unknown> {
  const existing = await prisma.serverSecret.findUnique({ where: { name } });
  if (existing) return existing.value;
  await prisma.serverSecret.createMany({
    data: [{ name, value: (await make()) as Prisma.InputJsonValue }],
    skipDuplicates: true,
  });
  const stored = await prisma.serverSecret.findUniqueOrThrow({ where: { name } });
  return stored.value;
}

async function makeSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  // Cognito's kids are base64 and contain + / =; clients must not assume URL-safe kids.
  return { ...jwk, kid: randomBytes(32).toString('base64'), alg: 'RS256', use: 'sig' };
}

/** The public half of a key, as the JWKS shows it. */
export function publicJwk({ kid, alg, use, kty, n, e }: JWK): JWK {
  return { alg, e, kid, kty, n, use };
}
