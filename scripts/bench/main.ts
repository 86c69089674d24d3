/**
 * `npm run bench`: the local stack under load, judged against what this machine allows.
 *
 * Starts the stack exactly as `npm start` does, twice (first start on an empty data folder, then a
 * second start on the same data), measures the machine's limits (RS256 signing, argon2id
 * verification), drives each hot path from this process with concurrent clients, bounded in time,
 * on loopback, and prints one table with every figure beside its bar and the limit it runs into.
 * The figures also go to a JSON file. Nothing here asserts: the table is the verdict.
 *
 * Last, a database outage: PostgreSQL stopped under page load and started again (outage.ts), with
 * how soon each service's /ready says so, how fast /ready answers meanwhile, how the pages fail,
 * and how soon each service is ready again.
 *
 *   npm run bench [-- --seconds 8] [-- --json bench-results.json] [-- --only refresh,product,outage]
 *
 * `--only` picks among refresh, userinfo, sso, password, product, journeys and outage (the starts
 * and the memory are always measured): `--only outage` runs the outage alone.
 *
 * It uses the local stack's fixed ports; on a shared machine run it in its own network namespace:
 *   unshare --net sh -c 'ip link set lo up && npm run bench'
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { type AppClient, passwordSignIn, productJourney, productSsoJourney, ssoSignIn, tokenRequest } from './flows.ts';
import { createAgent, Visitor } from './http.ts';
import { type Limits, measureLimits } from './limits.ts';
import { type LoadResult, runInTurns, runLoad } from './load.ts';
import { memoryOf } from './memory.ts';
import { measureOutage, type OutageResult, type OutageStack, startOutageStack } from './outage.ts';
import { repoRoot, type StartedStack, startStack, urls } from './stack.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    'journey-seconds': { type: 'string', default: '20' },
    journeys: { type: 'string', default: '200' },
    json: { type: 'string', default: path.join(repoRoot, 'bench-results.json') },
    only: { type: 'string' },
  },
});
/** `--only refresh,product`: a subset of the load rows and the outage (start and memory are always measured). */
const scenarios = ['refresh', 'userinfo', 'sso', 'password', 'product', 'journeys', 'outage'];
const only = args.only?.split(',') ?? scenarios;
const wanted = (scenario: string) => only.includes(scenario);
const seconds = Number(args.seconds);
const journeySeconds = Number(args['journey-seconds']);
const journeyConcurrency = Number(args.journeys);
const concurrency = 8;
/** Sessions for the product page whose check is due: more than such pages served in a second. */
const dueSessions = 600;

const productA: AppClient = {
  id: 'product-a',
  secret: 'product-a-local-secret',
  callback: `${urls.productA}/auth/callback`,
};
const demo = { email: 'alice@example.com', password: 'Passw0rd!' };
const benchPassword = 'Bench-Passw0rd!';
const say = (line: string) => console.log(`› ${line}`);

interface Row {
  name: string;
  unit: string;
  value: number;
  /** The bar: at least (`min`) or at most (`max`); none for a row shown for comparison. */
  bar: { min?: number; max?: number };
  limit?: string;
  detail?: string;
}

async function main() {
  say('building what is stale…');
  execFileSync('npm', ['run', '--silent', 'build', '--', '--if-stale'], { cwd: repoRoot, stdio: 'inherit' });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sso-bench-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  let stack: StartedStack | undefined;
  let outageStack: OutageStack | undefined;
  let outage: OutageResult | undefined;
  const rows: Row[] = [];
  try {
    say('first start, on an empty data folder…');
    stack = await startStack(dataDir);
    const firstStart = stack.startSeconds;
    await stack.stop();
    say(`first start: ${firstStart.toFixed(1)} s; second start…`);
    stack = await startStack(dataDir);
    const warmStart = stack.startSeconds;
    say(`second start: ${warmStart.toFixed(1)} s`);

    say('measuring the machine (RS256 signing, argon2id verification)…');
    const limits = await measureLimits();
    const rs256 = limits.rs256PerCorePerSecond;
    // A refresh and a code exchange sign two tokens (ID and access) each.
    const tokenCeiling = (rs256 * limits.cores) / 2;

    const agent = createAgent(journeyConcurrency + concurrency * 2);
    say(`signing in ${concurrency} clients…`);
    const sessions = await Promise.all(
      Array.from({ length: concurrency }, async () => {
        const visitor = new Visitor(agent);
        const tokens = await passwordSignIn(visitor, agent, urls.loginServer, productA, demo);
        return { visitor, tokens };
      }),
    );

    const loads: Record<string, LoadResult> = {};
    const measure = async (name: string, operation: (loop: number) => Promise<void>, options = {}) => {
      // A second of warm-up (JIT, connection pools), not counted.
      await runLoad({ concurrency, durationMs: 1000, operation, ...options });
      const result = await runLoad({ concurrency, durationMs: seconds * 1000, operation, ...options });
      loads[name] = result;
      say(
        `${name}: ${result.perSecond.toFixed(0)}/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, errors ${result.errors}`,
      );
      for (const sample of result.errorSamples) say(`  error: ${sample}`);
      return result;
    };

    if (wanted('refresh')) {
      const refresh = await measure('refresh grant', async (loop) => {
        await tokenRequest(agent, urls.loginServer, productA, {
          grant_type: 'refresh_token',
          refresh_token: sessions[loop]!.tokens.refresh_token!,
        });
      });
      rows.push({
        name: `refresh grant, ${concurrency} concurrent clients`,
        unit: '/s',
        value: refresh.perSecond,
        bar: { min: 600 },
        limit: `RS256 ${fmt(rs256)}/s per core: two signatures each, ≤ ${fmt(tokenCeiling)}/s on ${limits.cores} cores`,
        detail: latency(refresh),
      });
    }

    if (wanted('userinfo')) {
      const userInfo = await measure('userInfo', async (loop) => {
        const response = await request(`${urls.loginServer}/oauth2/userInfo`, {
          headers: { authorization: `Bearer ${sessions[loop]!.tokens.access_token}` },
          dispatcher: agent,
        });
        const body = await response.body.text();
        if (response.statusCode !== 200) throw new Error(`userInfo answered ${response.statusCode}: ${body}`);
      });
      rows.push({
        name: 'userInfo',
        unit: '/s',
        value: userInfo.perSecond,
        bar: { min: 1500 },
        limit: 'one RS256 verification each (~40x cheaper than signing)',
        detail: latency(userInfo),
      });
    }

    if (wanted('sso')) {
      const sso = await measure('SSO authorize + code exchange', async (loop) => {
        await ssoSignIn(sessions[loop]!.visitor, agent, urls.loginServer, productA);
      });
      rows.push({
        name: 'SSO authorize (live hosted session) + code exchange',
        unit: '/s',
        value: sso.perSecond,
        bar: { min: 200 },
        limit: `two signatures each: ≤ ${fmt(tokenCeiling)}/s`,
        detail: latency(sso),
      });
    }

    if (wanted('password')) {
      const password = await measure('password sign-in + code exchange', async () => {
        await passwordSignIn(new Visitor(agent), agent, urls.loginServer, productA, demo);
      });
      rows.push({
        name: 'password sign-in at the hosted page + code exchange',
        unit: '/s',
        value: password.perSecond,
        bar: { min: 60 },
        limit: `argon2id verification ${fmt(limits.argon2idPerSecond)}/s on ${limits.cores} cores`,
        detail: latency(password),
      });
    }

    if (wanted('product')) {
      say('signing in to product A…');
      const signedIn = new Visitor(agent);
      await productJourney(signedIn, urls.productA, demo);
      // The browser's Cookie header, made once: the load generator's own cost stays the same for both pages.
      const cookie = await signedIn.jar.getCookieString(urls.productA);
      const page = (path: string, headers: Record<string, string>) => async () => {
        const response = await request(`${urls.productA}${path}`, { headers, dispatcher: agent });
        await response.body.text();
        if (response.statusCode !== 200) throw new Error(`${path} answered ${response.statusCode}`);
      };
      // Sessions enough that each is asked for again only after its check is due (the stack checks
      // every second): one each, one after the other, so every such request pays for the check.
      say(`signing in ${dueSessions} more sessions (the hosted session, no password)…`);
      const dueCookies: string[] = [];
      await runLoad({
        concurrency,
        durationMs: 120_000,
        maxOperations: dueSessions,
        operation: async () => {
          const visitor = await signedIn.sharingHostedSession(urls.loginServer);
          await productSsoJourney(visitor, urls.productA);
          dueCookies.push(await visitor.jar.getCookieString(urls.productA));
        },
      });
      let nextDue = 0;
      const variants = {
        'public home page': page('/', {}),
        'home page, signed in': page('/', { cookie }),
        'home page, signed in, the session check due': async () =>
          page('/', { cookie: dueCookies[nextDue++ % dueCookies.length]! })(),
        'account page, signed in': page('/account', { cookie }),
      };
      await runInTurns(variants, { concurrency, durationMs: 1500, rounds: 1 }); // warm-up, not counted
      const pages = await runInTurns(variants, { concurrency, durationMs: seconds * 1000 * 2, rounds: 6 });
      for (const [name, result] of Object.entries(pages)) {
        loads[`product A ${name}`] = result;
        say(`product A ${name}: ${result.perSecond.toFixed(0)}/s, ${latency(result)}`);
      }
      const publicHome = pages['public home page']!;
      const signedInHome = pages['home page, signed in']!;
      const accountPage = pages['account page, signed in']!;
      const checkDue = pages['home page, signed in, the session check due']!;
      // Each session came back this often in its turns: at least a second, so each request was due.
      const revisitSeconds = dueCookies.length / checkDue.perSecond;
      rows.push({
        name: 'product A: its home page signed in vs public (the signed-in check)',
        unit: 'x',
        value: signedInHome.perSecond / publicHome.perSecond,
        bar: { min: 0.85 },
        limit: `public home ${fmt(publicHome.perSecond)}/s`,
        detail: `signed-in ${fmt(signedInHome.perSecond)}/s, ${latency(signedInHome)}`,
      });
      rows.push({
        name: '  … its account page (signed in, plus its own projects query) vs the public home page',
        unit: 'x',
        value: accountPage.perSecond / publicHome.perSecond,
        bar: {},
        limit: `public home ${fmt(publicHome.perSecond)}/s`,
        detail: `signed-in ${fmt(accountPage.perSecond)}/s, ${latency(accountPage)}`,
      });
      rows.push({
        name: '  … its home page when the once-a-minute session check is due (GetUser at the login server) vs public',
        unit: 'x',
        value: checkDue.perSecond / publicHome.perSecond,
        bar: {},
        limit: `public home ${fmt(publicHome.perSecond)}/s`,
        detail: `${fmt(checkDue.perSecond)}/s, ${latency(checkDue)}; ${dueCookies.length} sessions, each back every ${revisitSeconds.toFixed(1)} s`,
      });
    }

    if (wanted('journeys')) {
      say(`creating ${journeyConcurrency} people for the journeys…`);
      const people = await createPeople(journeyConcurrency);
      say(`${journeyConcurrency} concurrent sign-in journeys for ${journeySeconds} s…`);
      const journeys = await runLoad({
        concurrency: journeyConcurrency,
        durationMs: journeySeconds * 1000,
        operation: async (loop) => {
          await productJourney(new Visitor(agent), urls.productA, { email: people[loop]!, password: benchPassword });
        },
      });
      loads.journeys = journeys;
      say(`journeys: ${journeys.perSecond.toFixed(1)}/s, errors ${journeys.errors}`);
      for (const sample of journeys.errorSamples) say(`  error: ${sample}`);
      rows.push(
        {
          name: `${journeyConcurrency} concurrent sign-in journeys (A → hosted login → callback → page), ${journeySeconds} s`,
          unit: '/s',
          value: journeys.perSecond,
          bar: { min: 50 },
          limit: `argon2id ${fmt(limits.argon2idPerSecond)}/s (one verification each)`,
          detail: `${journeys.operations} done`,
        },
        {
          name: '  … their p99',
          unit: ' s',
          value: journeys.p99Ms / 1000,
          bar: { max: 6 },
          detail: `p50 ${(journeys.p50Ms / 1000).toFixed(2)} s`,
        },
        { name: '  … their errors', unit: '', value: journeys.errors, bar: { max: 0 } },
      );
    }

    const memory = memoryOf([stack.process.pid!]);
    rows.push(
      {
        name: 'memory of the whole local stack after load (PSS, database included)',
        unit: ' MB',
        value: memory.pssMb,
        bar: { max: 500 },
        detail: `${Object.entries(memory.byPart)
          .map(([part, mb]) => `${part} ${fmt(mb)}`)
          .join(', ')}; RSS sum ${fmt(memory.rssMb)} MB (counts shared pages once per process)`,
      },
      { name: '`npm start` until all three answer (data exists)', unit: ' s', value: warmStart, bar: { max: 10 } },
      { name: '`npm start` first ever (database created)', unit: ' s', value: firstStart, bar: { max: 30 } },
    );

    if (wanted('outage')) {
      say('database outage: the stack again, with its PostgreSQL in the bench’s hands…');
      await stack.stop();
      outageStack = await startOutageStack(dataDir);
      const outageAgent = createAgent(concurrency + 8);
      outage = await measureOutage(outageStack, {
        agent: outageAgent,
        urls,
        client: productA,
        person: demo,
        concurrency,
        downSeconds: seconds,
        say,
      });
      await outageAgent.close();
      rows.push(...outageRows(outage));
    }

    print(rows, limits);
    writeFileSync(
      args.json,
      `${JSON.stringify({ when: new Date().toISOString(), node: process.version, limits, rows, loads, memory, start: { firstStart, warmStart }, outage }, null, 2)}\n`,
    );
    say(`figures written to ${path.relative(process.cwd(), args.json) || args.json}`);
    await agent.close();
  } finally {
    await stack?.stop();
    await outageStack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The outage's rows: per service (login / A / B), how soon /ready said 503, its latency while the
 * database was down, how soon it said 200 again; and how the pages failed meanwhile.
 */
function outageRows(outage: OutageResult): Row[] {
  const labels = ['login server', 'product A', 'product B'];
  const label = (i: number) => labels[i] ?? outage.services[i]!;
  // A service that never got there within the limit counts as a miss, shown by its detail.
  const time = (value: number | undefined) => ({ value: value ?? Number.POSITIVE_INFINITY });
  const never = (value: number | undefined) => (value === undefined ? { detail: 'never, within the limit' } : {});
  const { pages } = outage;
  const others = [
    pages.unavailableWithoutRetryAfter && `${pages.unavailableWithoutRetryAfter} 503 without Retry-After`,
    `${pages.otherServerErrors} other 5xx`,
    `${pages.connectionErrors} without an answer`,
    pages.otherAnswers && `${pages.otherAnswers} other answers`,
  ].filter(Boolean);
  return [
    ...outage.notReadySeconds.map((value, i) => ({
      name:
        i === 0
          ? `PostgreSQL stopped under page load (${pages.concurrency} clients): ${label(i)}'s /ready 503 after`
          : `  … ${label(i)}'s`,
      unit: ' s',
      ...time(value),
      bar: { max: 1 },
      ...never(value),
    })),
    ...outage.readyWhileDown.map((latency, i) => ({
      name:
        i === 0
          ? `  … while it is down (${outage.downSeconds.toFixed(0)} s), ${label(i)}'s /ready p99`
          : `  … ${label(i)}'s /ready p99`,
      unit: ' ms',
      value: latency.p99Ms,
      // A probe gives /ready a second (Kubernetes' default timeoutSeconds); a tenth of that leaves
      // room for a busy node, and /ready never waits for the database behind the pages' requests.
      bar: { max: 100 },
      detail: `p50 ${latency.p50Ms.toFixed(1)} ms, max ${latency.maxMs.toFixed(1)} ms, ${latency.samples} answers${latency.unexpected ? `, ${latency.unexpected} not 503` : ''}`,
    })),
    {
      name: '  … failed page requests answered 503 with Retry-After',
      unit: '%',
      value: pages.failed ? (pages.unavailableWithRetryAfter / pages.failed) * 100 : 0,
      bar: { min: 100 },
      limit: 'product A and B /account, authorize with a hosted session',
      detail: `${pages.unavailableWithRetryAfter} of ${pages.failed} failed, of ${pages.requests}; ${others.join(', ')}; after recovery ${pages.afterRecovery.asBefore} of ${pages.afterRecovery.requests} as before`,
    },
    ...outage.readyAgainSeconds.map((value, i) => ({
      name: i === 0 ? `PostgreSQL started again: ${label(i)}'s /ready 200 after` : `  … ${label(i)}'s`,
      unit: ' s',
      ...time(value),
      bar: { max: 5 },
      ...never(value),
    })),
  ];
}

/** Bench users made through Cognito's admin API, with a permanent password and a verified email. */
async function createPeople(count: number): Promise<string[]> {
  const call = async (target: string, input: object) => {
    const response = await fetch(urls.loginServer, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
      },
      body: JSON.stringify({ UserPoolId: 'us-east-1_LocalPool', ...input }),
    });
    if (!response.ok) throw new Error(`${target}: ${response.status} ${await response.text()}`);
  };
  const emails = Array.from({ length: count }, (_, i) => `bench-${String(i + 1).padStart(3, '0')}@example.com`);
  for (let i = 0; i < emails.length; i += 8) {
    await Promise.all(
      emails.slice(i, i + 8).map(async (email) => {
        await call('AdminCreateUser', {
          Username: email,
          MessageAction: 'SUPPRESS',
          TemporaryPassword: benchPassword,
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
          ],
        });
        await call('AdminSetUserPassword', { Username: email, Password: benchPassword, Permanent: true });
      }),
    );
  }
  return emails;
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const latency = (r: LoadResult) => `p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, ${r.errors} errors`;

function print(rows: Row[], limits: Limits) {
  const verdict = (row: Row) =>
    (row.bar.min === undefined || row.value >= row.bar.min) && (row.bar.max === undefined || row.value <= row.bar.max);
  const hasBar = (row: Row) => row.bar.min !== undefined || row.bar.max !== undefined;
  const bar = (row: Row) =>
    row.bar.min !== undefined
      ? `≥ ${row.bar.min}${row.unit}`
      : row.bar.max !== undefined
        ? `≤ ${row.bar.max}${row.unit}`
        : '';
  const table = [
    ['measured', 'figure', 'bar', '', 'limit / detail'],
    ...rows.map((row) => [
      row.name,
      `${fmt(row.value)}${row.unit}`,
      bar(row),
      hasBar(row) ? (verdict(row) ? 'ok' : 'MISS') : '',
      [row.limit, row.detail].filter(Boolean).join('; '),
    ]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  console.log(
    `\nMachine: ${limits.cores} cores, Node ${process.version}; RS256 ${fmt(limits.rs256PerCorePerSecond)} signatures/s per core, argon2id ${fmt(limits.argon2idPerSecond)} verifications/s\n`,
  );
  for (const [i, line] of table.entries()) {
    console.log(
      line
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    );
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  const missed = rows.filter((row) => hasBar(row) && !verdict(row)).length;
  console.log(missed ? `\n${missed} bar(s) missed.` : '\nEvery bar met.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
