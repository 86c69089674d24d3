import { asRedirect, Browser, testDatabase } from '@sso/testing';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { describe, expect, it } from 'vitest';
import { authorizeRequest, refreshGrant, signInForTokens } from './support/flows.ts';
import { password, startTestServer, testClients } from './support/server.ts';

/** Everything that matters is in the database: a restart loses no user, key, session or token. */
describe('restart', () => {
  it('keeps users, signing keys, hosted sessions and refresh tokens across a restart', async () => {
    const databaseUrl = await testDatabase('login_server');
    const app = testClients.productA;
    const browser = new Browser();

    const first = await startTestServer({ databaseUrl });
    // Back on the same address: the issuer and the cookies' origin name its port.
    const port = Number(new URL(first.baseUrl).port);
    const jwksBefore = await (await fetch(`${first.issuer}/.well-known/jwks.json`)).text();
    await first.services.selfService.signUp('henry@example.com', password);
    const tokens = await signInForTokens(first.baseUrl, app, 'alice@example.com', password, browser);
    await first.close();

    const second = await startTestServer({ databaseUrl, port });
    try {
      expect(await (await fetch(`${second.issuer}/.well-known/jwks.json`)).text()).toBe(jwksBefore);
      expect(await second.services.users.find('henry@example.com')).toMatchObject({ status: 'UNCONFIRMED' });

      const refreshed = await refreshGrant(second.baseUrl, app, tokens.refresh_token);
      expect(refreshed.status).toBe(200);

      const userInfo = await fetch(`${second.baseUrl}/oauth2/userInfo`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(userInfo.status).toBe(200);

      // The hosted session survived too: the next login needs no form.
      const again = authorizeRequest(second.baseUrl, testClients.productB);
      expect(asRedirect(await browser.visit(again.url, again.redirectUri)).searchParams.get('code')).toBeTruthy();
    } finally {
      await second.close();
    }
  });

  it("gives seed users kept from before SRP verifiers one at start, while their password is the pool file's", async () => {
    const databaseUrl = await testDatabase('login_server');
    const first = await startTestServer({ databaseUrl });
    const [alice, bob] = await Promise.all(
      ['alice@example.com', 'bob@example.com'].map((e) => first.services.users.get(e)),
    );
    // As users made before verifiers were kept; Bob has changed his password since.
    await first.services.prisma.user.updateMany({ data: { srpSalt: null, srpVerifier: null } });
    await first.services.users.setPassword(bob!.sub, 'Bobs-own-passw0rd!', true);
    await first.services.prisma.user.update({ where: { sub: bob!.sub }, data: { srpSalt: null, srpVerifier: null } });
    await first.close();

    const second = await startTestServer({ databaseUrl });
    try {
      const pool = new CognitoUserPool({
        UserPoolId: second.config.server.userPoolId,
        ClientId: testClients.spa.id,
        endpoint: `${second.baseUrl}/`,
      });
      const srp = (email: string, pass: string) =>
        new Promise<string>((resolve) =>
          new CognitoUser({ Username: email, Pool: pool }).authenticateUser(
            new AuthenticationDetails({ Username: email, Password: pass }),
            { onSuccess: () => resolve('signed in'), onFailure: (error) => resolve(error.message) },
          ),
        );
      expect(await srp(alice!.email!, password)).toBe('signed in');
      // The pool file's password is no longer Bob's: he keeps no verifier until he signs in with his own.
      expect(await second.services.prisma.user.findUnique({ where: { sub: bob!.sub } })).toMatchObject({
        srpVerifier: null,
      });
      expect(await srp(bob!.email!, 'Bobs-own-passw0rd!')).toBe('Incorrect username or password.');
    } finally {
      await second.close();
    }
  });
});
