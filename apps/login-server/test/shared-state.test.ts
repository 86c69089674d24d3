import { asRedirect, Browser, testDatabase } from '@sso/testing';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeRequest, refreshGrant, signInForTokens } from './support/flows.ts';
import { type RoundRobin, roundRobin } from './support/round-robin.ts';
import {
  createUser,
  password,
  startTestServer,
  type TestServer,
  temporaryPassword,
  testClients,
} from './support/server.ts';

/** Two instances on one PostgreSQL behind one address, as in the cluster: any instance serves any step. */
describe('two instances sharing PostgreSQL', () => {
  let instances: TestServer[];
  let service: RoundRobin;
  let baseUrl: string;

  beforeAll(async () => {
    const databaseUrl = await testDatabase();
    service = await roundRobin();
    baseUrl = service.url;
    // Both start at once on an empty database: migrations and seeding must not trip over each other.
    instances = await Promise.all([
      startTestServer({ databaseUrl, baseUrl }),
      startTestServer({ databaseUrl, baseUrl }),
    ]);
    service.forwardTo(instances.map((i) => i.url));
  });
  afterAll(async () => {
    await service?.close();
    await Promise.all(instances?.map((i) => i.close()) ?? []);
  });

  it('agree on the signing keys', async () => {
    const [a, b] = await Promise.all(
      instances.map(async (i) => (await fetch(`${i.url}/${i.config.server.userPoolId}/.well-known/jwks.json`)).text()),
    );
    expect(a).toBe(b);
  });

  it('serve one sign-in, token exchange, refresh, userInfo and SSO across instances', async () => {
    const browser = new Browser();
    const app = testClients.productA;
    const tokens = await signInForTokens(baseUrl, app, 'alice@example.com', password, browser);
    for (let i = 0; i < 2; i++) {
      const refreshed = await refreshGrant(baseUrl, app, tokens.refresh_token);
      expect(refreshed.status).toBe(200);
      const info = await fetch(`${baseUrl}/oauth2/userInfo`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(info.status).toBe(200);
    }
    const sso = authorizeRequest(baseUrl, testClients.productB);
    expect(asRedirect(await browser.visit(sso.url, sso.redirectUri)).searchParams.get('code')).toBeTruthy();
    expect(service.hits.every((n) => n > 2)).toBe(true);
  });

  it("answer an API sign-in's challenges at whichever instance the answer reaches", async () => {
    const email = 'two-instances@example.com';
    const [first] = instances as [TestServer];
    await createUser(first, email, { password: temporaryPassword, status: 'FORCE_CHANGE_PASSWORD' });
    const pool = new CognitoUserPool({
      UserPoolId: first.config.server.userPoolId,
      ClientId: testClients.spa.id,
      endpoint: `${baseUrl}/`,
    });
    const user = new CognitoUser({ Username: email, Pool: pool });
    const before = [...service.hits];
    // SRP's exchange (InitiateAuth, then PASSWORD_VERIFIER), then NEW_PASSWORD_REQUIRED: three requests in turn.
    const session = await new Promise<CognitoUserSession>((resolve, reject) => {
      const callbacks = {
        onSuccess: resolve,
        onFailure: reject,
        newPasswordRequired: () => user.completeNewPasswordChallenge('Shared-passw0rd!', {}, callbacks),
      };
      user.authenticateUser(new AuthenticationDetails({ Username: email, Password: temporaryPassword }), callbacks);
    });
    expect(session.getIdToken().decodePayload().email).toBe(email);
    expect(service.hits.map((n, i) => n - (before[i] ?? 0)).sort()).toEqual([1, 2]);
  });
});
