import { asRedirect, Browser, freePort, testDatabase } from '@sso/testing';
import { describe, expect, it } from 'vitest';
import { authorizeRequest, refreshGrant, signInForTokens } from './support/flows.ts';
import { password, startTestServer, testClients } from './support/server.ts';

/** Everything that matters is in the database: a restart loses no user, key, session or token. */
describe('restart', () => {
  it('keeps users, signing keys, hosted sessions and refresh tokens across a restart', async () => {
    const port = await freePort();
    const databaseUrl = await testDatabase('login_server');
    const app = testClients.productA;
    const browser = new Browser();

    const first = await startTestServer({ databaseUrl, port });
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
});
