import { asPage, Browser, textOf } from '@sso/testing';
import { describe, expect, it } from 'vitest';
import { authorizeRequest } from './support/flows.ts';
import { testClients, useTestServer } from './support/server.ts';

/** /oauth2/authorize's refusals, each as Cognito makes it. */
describe('/oauth2/authorize errors', () => {
  const server = useTestServer();

  const authorize = (params: Record<string, string>) =>
    fetch(`${server.baseUrl}/oauth2/authorize?${new URLSearchParams(params)}`, { redirect: 'manual' });
  const base = () => ({
    client_id: testClients.productA.id,
    response_type: 'code',
    redirect_uri: testClients.productA.callback,
    state: 'abc',
  });
  const location = (response: Response) => new URL(response.headers.get('location')!, server.baseUrl);

  it('shows an error page, never a redirect, for an unregistered redirect_uri', async () => {
    for (const redirect_uri of [
      'https://evil.example.com/callback',
      `${testClients.productA.callback}/`,
      testClients.productA.callback.replace('8000', '8001'),
    ]) {
      const response = await authorize({ ...base(), redirect_uri });
      expect(response.status).toBe(302);
      const target = location(response);
      expect(target.origin).toBe(server.baseUrl);
      expect(target.pathname).toBe('/error');
      expect(target.searchParams.get('error')).toBe('redirect_mismatch');
      expect(target.searchParams.get('client_id')).toBe(testClients.productA.id);
    }
    const errorUrl = location(await authorize({ ...base(), redirect_uri: 'https://evil.example.com/' }));
    const page = asPage(await new Browser().visit(errorUrl.href));
    expect(page.status).toBe(400);
    expect(textOf(page)).toContain('has not registered');
  });

  it('shows an error page for an unknown client', async () => {
    const target = location(await authorize({ ...base(), client_id: 'nobody' }));
    expect(target.pathname).toBe('/error');
    expect(target.searchParams.get('error')).toBe('invalid_client');
  });

  it('refuses the implicit flow with unauthorized_client', async () => {
    const target = location(await authorize({ ...base(), response_type: 'token' }));
    expect(target.href).toBe(`${testClients.productA.callback}?error=unauthorized_client&state=abc`);
  });

  it('refuses PKCE plain and a challenge without S256 with invalid_request', async () => {
    const challenges: Record<string, string>[] = [
      { code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' },
      { code_challenge: 'x'.repeat(43) },
    ];
    for (const extra of challenges) {
      const target = location(await authorize({ ...base(), ...extra }));
      expect(target.origin + target.pathname).toBe(testClients.productA.callback);
      expect(target.searchParams.get('error')).toBe('invalid_request');
      expect(target.searchParams.get('state')).toBe('abc');
    }
  });

  it('refuses a missing response_type with invalid_request', async () => {
    const { response_type: _, ...params } = base();
    const target = location(await authorize(params));
    expect(target.searchParams.get('error')).toBe('invalid_request');
  });

  it('ignores scopes the client may not use, and gives all its scopes when none is asked', async () => {
    const keep = location(await authorize({ ...base(), scope: 'openid phone email' }));
    expect(keep.pathname).toBe('/login');
    expect(keep.searchParams.get('scope')).toBe('openid email');
    const all = location(await authorize(base()));
    expect(all.searchParams.get('scope')).toBe('openid email profile');
    const none = location(await authorize({ ...base(), scope: 'phone' }));
    expect(none.searchParams.get('error')).toBe('invalid_scope');
  });

  it('sends the browser to the hosted login page with the same query and sets no session yet', async () => {
    const request = authorizeRequest(server.baseUrl, testClients.productA);
    const response = await fetch(request.url, { redirect: 'manual' });
    const target = location(response);
    expect(target.pathname).toBe('/login');
    expect(target.searchParams.get('client_id')).toBe(testClients.productA.id);
    expect(target.searchParams.get('state')).toBe(request.state);
    expect(response.headers.getSetCookie().some((c) => c.startsWith('cognito='))).toBe(false);
  });

  it('answers prompt=none without a session with login_required (an extension)', async () => {
    const target = location(await authorize({ ...base(), scope: 'openid', prompt: 'none' }));
    expect(target.searchParams.get('error')).toBe('login_required');
  });
});
