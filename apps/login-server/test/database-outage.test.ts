import { asPage, asRedirect, Browser, type Page, type ServiceProcess, type Stack, startStack } from '@sso/testing';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { apiRequest } from './support/cognito-api.ts';
import { authorizeRequest, basicAuth, form, signInForTokens } from './support/flows.ts';
import { secondsUntil } from './support/polling.ts';

/** A request as the outage checks make it: what it is called, and how to send it. */
interface Probe {
  name: string;
  send(): Promise<Response>;
}

interface Answer {
  name: string;
  status: number;
  retryAfter: string | null;
  type: string;
  body: string;
}

const unanswered = { status: 0, retryAfter: null, type: '' };

async function answer(probe: Probe): Promise<Answer> {
  const response = await probe.send();
  return {
    name: probe.name,
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    type: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}

const readiness = async (service: ServiceProcess) => (await fetch(`${service.url}/ready`)).status;

/** The structured log lines a service wrote (every stdout line must be one). */
function logLines(service: ServiceProcess): Record<string, unknown>[] {
  return service.stdout.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`${service.name} wrote a line that is not a log entry: ${line}`);
    }
  });
}

/**
 * PostgreSQL stopped under traffic and started again: every service answers 503 with Retry-After in
 * the shape its callers expect, reports not-ready, writes one log line per failure and nothing
 * raw, and serves again once the database is back, without a restart.
 */
describe('a database outage', () => {
  let stack: Stack;
  const browserA = new Browser();
  /** Holds a hosted login form, opened before the outage and posted during it. */
  const loginForm = new Browser();
  let loginPage: Page;
  /** Has signed in at the hosted page but not yet gone back into the authorization (the resume). */
  const resuming = new Browser();
  let resumeUrl: string;
  let accessToken: string;

  beforeAll(async () => {
    stack = await startStack();
    const { loginServer, productA, productB, user } = stack;
    // Signed in to both products (B through the hosted session), with sessions in their databases.
    const page = asPage(await browserA.visit(`${productA.url}/auth/login?returnTo=%2Faccount`));
    expect(asPage(await browserA.submit(page, { username: user.email, password: user.password })).status).toBe(200);
    expect(asPage(await browserA.visit(`${productB.url}/auth/login?returnTo=%2Faccount`)).status).toBe(200);

    const client = { id: 'product-a', secret: 'product-a-secret', callback: `${productA.url}/auth/callback` };
    accessToken = (await signInForTokens(loginServer.url, client, user.email, user.password)).access_token;

    loginPage = asPage(await loginForm.visit(authorizeRequest(loginServer.url, client).url));
    const resumePage = asPage(await resuming.visit(authorizeRequest(loginServer.url, client).url));
    // The sign-in's answer is the way back into the authorization: kept, to follow during the outage.
    const resume = `${loginServer.url}/oauth2/authorize/`;
    resumeUrl = asRedirect(
      await resuming.submit(resumePage, { username: user.email, password: user.password }, { stopAt: resume }),
    ).href;
  }, 180_000);
  afterAll(() => stack?.stop());

  it('answers 503 with Retry-After, logs one line per failure, reports not ready, and recovers', async () => {
    const { loginServer, productA, productB } = stack;
    const client = { id: 'product-a', callback: `${productA.url}/auth/callback` };
    const post = (fields: Record<string, string>) => ({
      method: 'POST',
      headers: { ...form, authorization: basicAuth('product-a', 'product-a-secret') },
      body: new URLSearchParams(fields),
    });
    const browserRoutes: Probe[] = [
      {
        name: 'login: GET /oauth2/authorize (signed in)',
        send: () =>
          browserA.request(authorizeRequest(loginServer.url, client).url, { headers: { accept: 'text/html' } }),
      },
      {
        name: 'login: GET /oauth2/authorize',
        send: () =>
          fetch(authorizeRequest(loginServer.url, client).url, {
            headers: { accept: 'text/html' },
            redirect: 'manual',
          }),
      },
      {
        name: 'login: the authorization resumed after sign-in',
        send: () => resuming.request(resumeUrl, { headers: { accept: 'text/html' } }),
      },
      { name: 'product A: GET /account', send: () => browserA.request(`${productA.url}/account`) },
      { name: 'product A: GET /', send: () => browserA.request(`${productA.url}/`) },
      { name: 'product B: GET /account', send: () => browserA.request(`${productB.url}/account`) },
      { name: 'product B: GET /', send: () => browserA.request(`${productB.url}/`) },
    ];
    const jsonRoutes: Probe[] = [
      {
        name: 'login: POST /oauth2/token',
        send: () =>
          fetch(
            `${loginServer.url}/oauth2/token`,
            post({ grant_type: 'authorization_code', code: 'x', redirect_uri: client.callback }),
          ),
      },
      {
        name: 'login: POST /oauth2/revoke',
        send: () => fetch(`${loginServer.url}/oauth2/revoke`, post({ token: 'x' })),
      },
      {
        name: 'login: GET /oauth2/userInfo',
        send: () =>
          fetch(`${loginServer.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${accessToken}` } }),
      },
      {
        name: 'login: admin API ListUsers',
        send: () => apiRequest(loginServer.url, 'ListUsers', JSON.stringify({ UserPoolId: 'us-east-1_LocalPool' })),
      },
    ];
    const probes = [...browserRoutes, ...jsonRoutes];

    // Traffic on every route, from before the database stops until after it is back.
    const seen: Answer[] = [];
    let traffic = true;
    const clients = Array.from({ length: 4 }, async (_, worker) => {
      for (let i = worker; traffic; i++) {
        const probe = probes[i % probes.length]!;
        seen.push(
          await answer(probe).catch((error: Error) => ({ ...unanswered, name: probe.name, body: error.message })),
        );
      }
    });
    const stopTraffic = async () => {
      traffic = false;
      await Promise.all(clients);
    };
    onTestFinished(stopTraffic);
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Measured from the moment the database is told to stop (a fast shutdown: sessions are ended).
    const stopping = stack.database.stop();
    const notReady = await Promise.all(
      stack.services.map((service) => secondsUntil(async () => (await readiness(service)) === 503, 15_000)),
    );
    await stopping;

    // Each route in its callers' shape: a page for browsers, JSON for the OAuth2 and admin APIs.
    const during = await Promise.all(probes.map(answer));
    const shape = (a: Answer) => ({
      name: a.name,
      status: a.status,
      retryAfter: /^\d+$/.test(a.retryAfter ?? ''),
      type: a.type.split(';')[0],
      says: /briefly unavailable/i.test(a.body),
    });
    expect(during.map(shape)).toEqual([
      ...browserRoutes.map((p) => ({ name: p.name, status: 503, retryAfter: true, type: 'text/html', says: true })),
      ...jsonRoutes.map((p) => ({
        name: p.name,
        status: 503,
        retryAfter: true,
        type: p.name.includes('admin') ? 'application/x-amz-json-1.1' : 'application/json',
        says: p.name.includes('admin'),
      })),
    ]);
    const body = (name: string) => JSON.parse(during.find((a) => a.name === name)!.body);
    for (const name of ['login: POST /oauth2/token', 'login: POST /oauth2/revoke', 'login: GET /oauth2/userInfo']) {
      expect(body(name), name).toEqual({ error: 'temporarily_unavailable' });
    }
    expect(body('login: admin API ListUsers')).toMatchObject({ __type: 'InternalErrorException' });
    // The hosted form, opened before the outage and posted during it, answers itself (no redirect).
    const posted = await loginForm.submit(
      loginPage,
      { username: stack.user.email, password: stack.user.password },
      { stopAt: loginServer.url },
    );
    expect(posted).toMatchObject({ status: 503, html: expect.stringMatching(/briefly unavailable/) });
    for (const service of stack.services) {
      expect((await fetch(`${service.url}/health`)).status, service.name).toBe(200);
    }

    // Measured from the moment the database is started again (it takes a moment to accept connections).
    const starting = stack.database.start();
    const recovered = await Promise.all(
      stack.services.map((service) => secondsUntil(async () => (await readiness(service)) === 200, 60_000)),
    );
    await starting;
    await stopTraffic();
    console.info(
      `not ready after the database was told to stop: ${notReady.map((s) => s.toFixed(2)).join(' / ')} s; ` +
        `ready after it was started again: ${recovered.map((s) => s.toFixed(2)).join(' / ')} s (login / A / B)`,
    );

    // Served again without a restart.
    expect((await browserA.request(`${productA.url}/account`)).status).toBe(200);
    expect((await browserA.request(`${productB.url}/account`)).status).toBe(200);
    expect((await answer(jsonRoutes[0]!)).status).toBe(400);
    expect((await answer(jsonRoutes[3]!)).status).toBe(200);
    expect((await answer(jsonRoutes[2]!)).status).toBe(200);

    // Under traffic: no failure but 503 (no dropped connection either), and every 503 says when to come back.
    const failures = seen.filter((a) => a.status >= 500 || a.status === 0);
    expect(
      failures.filter((a) => a.status !== 503).map((a) => `${a.name}: ${a.status} ${a.body.slice(0, 200)}`),
    ).toEqual([]);
    expect(failures.filter((a) => !a.retryAfter).map((a) => a.name)).toEqual([]);
    expect(failures.length).toBeGreaterThan(0);

    // Nothing written outside the logger, and the outage in few, short lines.
    for (const service of stack.services) {
      expect(service.stderr, service.name).toEqual([]);
      const outage = logLines(service).filter((line) => line.msg === 'database unavailable');
      expect(outage.length, service.name).toBeGreaterThan(0);
      for (const line of outage) expect(JSON.stringify(line), service.name).not.toMatch(/\\n\s+at /);
    }
  }, 150_000);
});
