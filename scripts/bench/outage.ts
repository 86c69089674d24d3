import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ensureServiceDatabase,
  type LocalPostgres,
  type LocalPostgresOptions,
  startLocalPostgres,
} from '@sso/local-postgres';
import { authorizeRequest } from '@sso/testing';
import { type Dispatcher, request } from 'undici';
import type { Running } from '../local-stack/processes.ts';
import { type AppClient, productJourney } from './flows.ts';
import { expectStatus, HttpError, Visitor } from './http.ts';

/**
 * A database outage under load: PostgreSQL stopped under the services while clients keep asking
 * for pages, then started again. Measures how soon each service's /ready says so, how fast /ready
 * answers meanwhile, how the pages fail, and how soon each service is ready again.
 */

/** The stack as `npm start` runs it, with its PostgreSQL in the bench's hands. */
export interface OutageStack {
  services: { name: string; url: string }[];
  /** A fast shutdown, as the stack stops it: open sessions are ended, new connections refused. */
  stopDatabase(): Promise<void>;
  /** Starts it again on the same folder and port. */
  startDatabase(): Promise<void>;
  stop(): Promise<void>;
  /** What the services and PostgreSQL wrote last, to tell what went wrong. */
  recentOutput(): string;
}

/**
 * `npm start` ends the whole stack when its PostgreSQL exits (a stack without its database is of no
 * use at a desk), so the outage runs the same pieces from the local stack's own modules: the
 * PostgreSQL of `dataDir` with its settings and secrets, each service's database, and the three
 * builds with the environment `npm start` gives them; only the database's exit is left unwatched.
 */
export async function startOutageStack(dataDir: string): Promise<OutageStack> {
  // The local stack's settings take the data folder from the environment when first loaded.
  process.env.SSO_DATA_DIR = dataDir;
  const settings = await import('../local-stack/settings.ts');
  const { startService, stopAll, waitUntilReady } = await import('../local-stack/processes.ts');
  if (settings.dataDir !== path.resolve(dataDir)) {
    throw new Error(`the local stack's settings were loaded for ${settings.dataDir}, not ${dataDir}`);
  }
  const recent: string[] = [];
  const keep = (line: string) => {
    recent.push(line);
    if (recent.length > 100) recent.shift();
  };
  const options: LocalPostgresOptions = {
    dataDir: settings.postgres.dir,
    port: settings.postgres.port,
    superuserPassword: settings.secret('postgres'),
    durable: true,
    log: keep,
  };
  let database: LocalPostgres | undefined = await startLocalPostgres(options);
  const running: Running[] = [];
  const stop = async () => {
    await stopAll(running);
    await database?.stop();
    database = undefined;
  };
  try {
    const script = readFileSync(settings.postgres.script, 'utf8');
    const specs = settings.services();
    const databaseUrls = await Promise.all(
      specs.map((spec) =>
        ensureServiceDatabase(database!.adminUrl(), {
          service: spec.database,
          password: settings.secret(`${spec.database}-database`),
          script,
        }),
      ),
    );
    await Promise.all(
      specs.map(async (spec, i) => {
        const service = startService({ ...spec, env: { ...spec.env, DATABASE_URL: databaseUrls[i]! } }, keep);
        running.push(service);
        await waitUntilReady(service);
      }),
    );
    return {
      services: specs.map((spec) => ({ name: spec.name, url: spec.url })),
      async stopDatabase() {
        await database?.stop();
        database = undefined;
      },
      async startDatabase() {
        database ??= await startLocalPostgres(options);
      },
      stop,
      recentOutput: () => recent.join('\n'),
    };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${recent.join('\n')}`, { cause: error });
  }
}

/** A page a signed-in person asks for, and what it answers when the database is there. */
interface Page {
  name: string;
  url(): string;
  cookie: string;
  expected: number[];
}

/**
 * Signs a person in to product A (at the hosted page) and then to product B (through the hosted
 * session): pages that each read the database on every request.
 */
async function signedInPages(
  agent: Dispatcher,
  urls: { loginServer: string; productA: string; productB: string },
  client: AppClient,
  person: { email: string; password: string },
): Promise<Page[]> {
  const visitor = new Visitor(agent);
  await productJourney(visitor, urls.productA, person);
  const start = await visitor.send(`${urls.productB}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ returnTo: '/account' }).toString(),
  });
  const landed = expectStatus(await visitor.follow(start), 200);
  if (new URL(landed.url).pathname !== '/account') throw new HttpError(`product B's sign-in ended at ${landed.url}`);
  const cookie = (url: string) => visitor.jar.getCookieString(url);
  return [
    {
      name: 'product A /account',
      url: () => `${urls.productA}/account`,
      cookie: await cookie(urls.productA),
      expected: [200],
    },
    {
      name: 'product B /account',
      url: () => `${urls.productB}/account`,
      cookie: await cookie(urls.productB),
      expected: [200],
    },
    {
      // With the live hosted session: answered at once with a code for the app's callback.
      name: 'login server /oauth2/authorize',
      url: () => authorizeRequest(urls.loginServer, client).url,
      cookie: await cookie(urls.loginServer),
      expected: [302, 303],
    },
  ];
}

interface PageAnswer {
  page: number;
  /** When the request was sent (performance.now()). */
  at: number;
  /** 0: no answer (connection error or timeout). */
  status: number;
  retryAfter: boolean;
}

const requestTimeouts = { headersTimeout: 10_000, bodyTimeout: 10_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Clients asking for the pages in turn, one request at a time each, until stopped (or the bounds). */
function pageTraffic(agent: Dispatcher, pages: Page[], concurrency: number, bounds: { ms: number; requests: number }) {
  const answers: PageAnswer[] = [];
  const errorSamples = new Set<string>();
  const deadline = performance.now() + bounds.ms;
  let running = true;
  const client = async (index: number) => {
    for (let turn = index; running && performance.now() < deadline && answers.length < bounds.requests; turn++) {
      const page = turn % pages.length;
      const at = performance.now();
      try {
        const response = await request(pages[page]!.url(), {
          headers: { cookie: pages[page]!.cookie },
          dispatcher: agent,
          ...requestTimeouts,
        });
        const body = await response.body.text();
        const retryAfter = /^\d+$/.test(String(response.headers['retry-after'] ?? ''));
        answers.push({ page, at, status: response.statusCode, retryAfter });
        const unexpected = !pages[page]!.expected.includes(response.statusCode) && response.statusCode !== 503;
        if (unexpected && errorSamples.size < 5) {
          errorSamples.add(`${pages[page]!.name} answered ${response.statusCode}: ${body.slice(0, 200)}`);
        }
      } catch (error) {
        answers.push({ page, at, status: 0, retryAfter: false });
        if (errorSamples.size < 5) errorSamples.add(`${pages[page]!.name}: ${(error as Error).message.slice(0, 200)}`);
      }
    }
  };
  const clients = Promise.all(Array.from({ length: concurrency }, (_, i) => client(i)));
  return {
    async stop() {
      running = false;
      await clients;
      return { answers, errorSamples: [...errorSamples] };
    },
  };
}

async function readyStatus(agent: Dispatcher, url: string): Promise<number> {
  try {
    const response = await request(`${url}/ready`, { dispatcher: agent, ...requestTimeouts });
    await response.body.text();
    return response.statusCode;
  } catch {
    return 0;
  }
}

/** Seconds from `since` until `url`/ready answers `status`; undefined when not within `limitMs`. */
async function secondsUntilReady(
  agent: Dispatcher,
  url: string,
  status: number,
  since: number,
  limitMs: number,
): Promise<number | undefined> {
  while (performance.now() - since < limitMs) {
    if ((await readyStatus(agent, url)) === status) return (performance.now() - since) / 1000;
    await sleep(25);
  }
  return undefined;
}

interface ReadyLatency {
  samples: number;
  /** Answers other than 503 (or none) while the database was down. */
  unexpected: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * /ready asked over and over, one request at a time with a short pause (a probe asks every few
 * seconds; the pause keeps these requests from becoming the load themselves).
 */
async function sampleReady(agent: Dispatcher, url: string, durationMs: number, maxSamples: number) {
  const latencies: number[] = [];
  let unexpected = 0;
  const deadline = performance.now() + durationMs;
  while (performance.now() < deadline && latencies.length + unexpected < maxSamples) {
    const t0 = performance.now();
    const status = await readyStatus(agent, url);
    if (status === 503) latencies.push(performance.now() - t0);
    else unexpected++;
    await sleep(20);
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { samples: latencies.length, unexpected, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: latencies.at(-1) ?? 0 };
}

export interface OutageResult {
  services: string[];
  /** Per service, seconds from telling PostgreSQL to stop until /ready answered 503 (undefined: not within the limit). */
  notReadySeconds: (number | undefined)[];
  /** Per service, /ready while the database was down and the pages were asked for. */
  readyWhileDown: ReadyLatency[];
  downSeconds: number;
  /** Per service, seconds from starting PostgreSQL again until /ready answered 200. */
  readyAgainSeconds: (number | undefined)[];
  pages: {
    concurrency: number;
    requests: number;
    /** Answered otherwise than with the database there. */
    failed: number;
    /** Of those: 503 with a Retry-After in seconds. */
    unavailableWithRetryAfter: number;
    unavailableWithoutRetryAfter: number;
    /** Other 5xx answers. */
    otherServerErrors: number;
    /** Other statuses (4xx, a redirect where a page was due, …). */
    otherAnswers: number;
    /** No answer at all: connection refused or reset, timeout. */
    connectionErrors: number;
    errorSamples: string[];
    /** Of the requests sent once every /ready said 200 again: how many answered as before. */
    afterRecovery: { requests: number; asBefore: number };
  };
}

export interface OutageOptions {
  agent: Dispatcher;
  urls: { loginServer: string; productA: string; productB: string };
  client: AppClient;
  person: { email: string; password: string };
  concurrency: number;
  /** How long /ready is sampled while the database is down. */
  downSeconds: number;
  say(line: string): void;
}

/** Seconds /ready has to turn 503 after the stop, and 200 after the start, before it counts as never. */
const notReadyLimitMs = 15_000;
const readyAgainLimitMs = 60_000;

export async function measureOutage(stack: OutageStack, options: OutageOptions): Promise<OutageResult> {
  const { agent, say } = options;
  const pages = await signedInPages(agent, options.urls, options.client, options.person);
  for (const page of pages) {
    const response = await request(page.url(), { headers: { cookie: page.cookie }, dispatcher: agent });
    await response.body.text();
    if (!page.expected.includes(response.statusCode)) {
      throw new HttpError(`${page.name} answered ${response.statusCode} before the outage`);
    }
  }

  // Traffic from a second before the stop until a second after every service is ready again.
  const traffic = pageTraffic(agent, pages, options.concurrency, {
    ms: 60_000 + options.downSeconds * 1000 + notReadyLimitMs + readyAgainLimitMs,
    requests: 1_000_000,
  });
  await sleep(1000);

  say('stopping PostgreSQL under the page load…');
  const stopAt = performance.now();
  const stopping = stack.stopDatabase();
  const notReadySeconds = await Promise.all(
    stack.services.map((service) => secondsUntilReady(agent, service.url, 503, stopAt, notReadyLimitMs)),
  );
  await stopping;
  say(`/ready 503 after ${seconds(notReadySeconds)} (login / A / B)`);

  const downFrom = performance.now();
  const readyWhileDown = await Promise.all(
    stack.services.map((service) => sampleReady(agent, service.url, options.downSeconds * 1000, 5000)),
  );
  const downSeconds = (performance.now() - downFrom) / 1000;
  say(
    `/ready while down: ${readyWhileDown.map((r) => `p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms`).join(' / ')}`,
  );

  say('starting PostgreSQL again…');
  const startAt = performance.now();
  const starting = stack.startDatabase();
  const readyAgainSeconds = await Promise.all(
    stack.services.map((service) => secondsUntilReady(agent, service.url, 200, startAt, readyAgainLimitMs)),
  );
  await starting;
  const recoveredAt = performance.now();
  say(`/ready 200 again after ${seconds(readyAgainSeconds)} (login / A / B)`);
  await sleep(1000);
  const { answers, errorSamples } = await traffic.stop();

  const failures = answers.filter((answer) => !pages[answer.page]!.expected.includes(answer.status));
  const unavailable = failures.filter((answer) => answer.status === 503);
  const afterRecovery = answers.filter((answer) => answer.at >= recoveredAt);
  const result: OutageResult = {
    services: stack.services.map((service) => service.name),
    notReadySeconds,
    readyWhileDown,
    downSeconds,
    readyAgainSeconds,
    pages: {
      concurrency: options.concurrency,
      requests: answers.length,
      failed: failures.length,
      unavailableWithRetryAfter: unavailable.filter((answer) => answer.retryAfter).length,
      unavailableWithoutRetryAfter: unavailable.filter((answer) => !answer.retryAfter).length,
      otherServerErrors: failures.filter((answer) => answer.status >= 500 && answer.status !== 503).length,
      otherAnswers: failures.filter((answer) => answer.status > 0 && answer.status < 500).length,
      connectionErrors: failures.filter((answer) => answer.status === 0).length,
      errorSamples,
      afterRecovery: {
        requests: afterRecovery.length,
        asBefore: afterRecovery.filter((answer) => pages[answer.page]!.expected.includes(answer.status)).length,
      },
    },
  };
  const { pages: p } = result;
  say(
    `pages: ${p.requests} requests, ${p.failed} failed: ${p.unavailableWithRetryAfter} 503 + Retry-After, ${p.unavailableWithoutRetryAfter} 503 without, ${p.otherServerErrors} other 5xx, ${p.otherAnswers} other answers, ${p.connectionErrors} without an answer`,
  );
  for (const sample of errorSamples) say(`  error: ${sample}`);
  return result;
}

const seconds = (values: (number | undefined)[]) =>
  values.map((value) => (value === undefined ? 'never' : `${value.toFixed(2)} s`)).join(' / ');
