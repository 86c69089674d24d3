import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeJwt, signInForTokens, type Tokens } from './support/flows.ts';
import { password, startTestServer, testClients, useTestServer } from './support/server.ts';
import { cognitoVerifier } from './support/verifiers.ts';

/** AWS's own aws-jwt-verify accepts what the server issues, and refuses what it must. */
describe('tokens checked by aws-jwt-verify', () => {
  const server = useTestServer();
  let tokens: Tokens;

  beforeAll(async () => {
    tokens = await signInForTokens(server.baseUrl, testClients.productA, 'alice@example.com', password);
  });
  afterEach(() => vi.useRealTimers());

  it('accepts the ID token and the access token', async () => {
    const id = await cognitoVerifier(server.issuer, 'id', testClients.productA.id).verify(tokens.id_token);
    expect(id.email).toBe('alice@example.com');
    const access = await cognitoVerifier(server.issuer, 'access', testClients.productA.id).verify(tokens.access_token);
    expect(access.client_id).toBe(testClients.productA.id);
  });

  it('refuses a tampered token', async () => {
    const [header, , signature] = tokens.id_token.split('.');
    const claims = decodeJwt(tokens.id_token).payload;
    const forged = Buffer.from(JSON.stringify({ ...claims, email: 'mallory@example.com' })).toString('base64url');
    await expect(
      cognitoVerifier(server.issuer, 'id', testClients.productA.id).verify(`${header}.${forged}.${signature}`),
    ).rejects.toThrow(/signature/i);
  });

  it('refuses an expired token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61 * 60 * 1000);
    await expect(cognitoVerifier(server.issuer, 'id', testClients.productA.id).verify(tokens.id_token)).rejects.toThrow(
      /expired/i,
    );
  });

  it("refuses another client's token and the wrong token use", async () => {
    await expect(cognitoVerifier(server.issuer, 'id', testClients.productB.id).verify(tokens.id_token)).rejects.toThrow(
      /audience|client/i,
    );
    await expect(
      cognitoVerifier(server.issuer, 'access', testClients.productB.id).verify(tokens.access_token),
    ).rejects.toThrow(/client/i);
    await expect(
      cognitoVerifier(server.issuer, 'access', testClients.productA.id).verify(tokens.id_token),
    ).rejects.toThrow(/token use/i);
  });

  it('refuses a token from another issuer', async () => {
    const other = await startTestServer();
    try {
      // Another pool's keys do not know the token's kid.
      await expect(
        cognitoVerifier(other.issuer, 'id', testClients.productA.id).verify(tokens.id_token),
      ).rejects.toThrow(/not found in the JWKS/);
      // Even with keys that do verify the signature, a different issuer is refused.
      const sameKeys = `${server.issuer}/.well-known/jwks.json`;
      await expect(
        cognitoVerifier(other.issuer, 'id', testClients.productA.id, sameKeys).verify(tokens.id_token),
      ).rejects.toThrow(/issuer/i);
    } finally {
      await other.close();
    }
  });
});
