import { Browser } from '@sso/testing';
import { describe, expect, it } from 'vitest';
import { keptFirstSteps, stepLimit } from '../src/inspector/flow-log.ts';
import { authorizeRequest, basicAuth, exchangeCode, form, refreshGrant, signIn, type Tokens } from './support/flows.ts';
import { password, testClients, testPool, useTestServer } from './support/server.ts';

const client = testClients.productA;

describe('flow inspector, on', () => {
  const server = useTestServer({ pool: { ...testPool(), server: { inspector: true } } });

  it('shows a sign-in, its refresh, its revocation and the sign-out as one flow, claims explained, secrets masked', async () => {
    const browser = new Browser();
    const request = authorizeRequest(server.baseUrl, client);
    const callback = await signIn(browser, request, 'alice@example.com', password);
    const code = callback.searchParams.get('code')!;
    const tokens = (await (await exchangeCode(server.baseUrl, client, request, code)).json()) as Tokens;
    const refreshed = await refreshGrant(server.baseUrl, client, tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    const revoked = await fetch(`${server.baseUrl}/oauth2/revoke`, {
      method: 'POST',
      headers: { ...form, authorization: basicAuth(client.id, client.secret) },
      body: new URLSearchParams({ token: tokens.refresh_token }),
    });
    expect(revoked.status).toBe(200);
    const logoutUri = 'http://localhost:8000/';
    const signedOut = await browser.visit(
      `${server.baseUrl}/logout?${new URLSearchParams({ client_id: client.id, logout_uri: logoutUri })}`,
      logoutUri,
    );
    expect(String(signedOut)).toBe(logoutUri);

    const answer = await fetch(`${server.baseUrl}/inspector`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await answer.text();

    // One flow, its steps in order.
    expect(page.match(/<section>/g)).toHaveLength(1);
    const titles = [...page.matchAll(/<h3>\d+\. ([^<]+)<\/h3>/g)].map((m) => m[1]);
    expect(titles).toEqual([
      'Hosted page shown',
      'Authorize request',
      'Redirect with the code',
      'Token request',
      'Refresh',
      'Revocation',
      'Hosted sign-out (/logout)',
    ]);
    expect(page).toContain(`<td>${request.state}</td>`);
    expect(page).toContain('<td>client_secret_basic</td>');
    expect(page).toContain(`<td>${code.slice(0, 6)}… (${code.length} characters, masked)</td>`);
    // Claims decoded and explained.
    expect(page).toMatch(/<td>cognito:username<\/td><td>[^<]+<\/td><td>the user’s username in the pool<\/td>/);
    expect(page).toContain(
      '<td>token_use</td><td>access</td><td>&quot;id&quot; or &quot;access&quot;: what the token is for</td>',
    );
    expect(page).toContain('<td>origin_jti</td>');

    // Never a secret.
    for (const secret of [client.secret, password, code, tokens.refresh_token, tokens.access_token, tokens.id_token]) {
      expect(page).not.toContain(secret);
    }
  });

  it('keeps a long flow bounded: its first steps, a note of how many were let go, and its latest ones', async () => {
    const browser = new Browser();
    const request = authorizeRequest(server.baseUrl, client);
    const callback = await signIn(browser, request, 'alice@example.com', password);
    const tokens = (await (
      await exchangeCode(server.baseUrl, client, request, callback.searchParams.get('code')!)
    ).json()) as Tokens;
    const refreshes = stepLimit + 5;
    for (let i = 0; i < refreshes; i++) {
      expect((await refreshGrant(server.baseUrl, client, tokens.refresh_token)).status).toBe(200);
    }

    const page = await (await fetch(`${server.baseUrl}/inspector`)).text();
    const flow = page.slice(page.indexOf('<section>'), page.indexOf('</section>'));
    expect(flow).toContain(`<td>${request.state}</td>`); // the newest flow leads
    const numbers = [...flow.matchAll(/<h3>(\d+)\. [^<]+<\/h3>/g)].map((m) => Number(m[1]));
    const total = 4 + refreshes; // hosted page, authorize, redirect, token request, then the refreshes
    expect(numbers).toHaveLength(stepLimit);
    expect(numbers.slice(0, keptFirstSteps)).toEqual(Array.from({ length: keptFirstSteps }, (_, i) => i + 1));
    expect(numbers.at(-1)).toBe(total);
    expect(flow).toContain(`${total - stepLimit} steps not kept here`);
  });
});

describe('flow inspector, off (the default)', () => {
  const server = useTestServer();

  it('answers 404', async () => {
    expect((await fetch(`${server.baseUrl}/inspector`)).status).toBe(404);
  });
});
