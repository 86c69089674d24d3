/**
 * `npm run test:images`: the images, built and run the way the cluster runs them.
 *
 * 1. Builds the four images of skaffold.yaml with docker or podman (whichever the machine has) and
 *    measures what each adds to its base image.
 * 2. In a network namespace of its own (re-running itself under `unshare --net`, as root), starts
 *    PostgreSQL 18 with each service's role and database made by the cluster's init SQL, renders
 *    the local overlay, and for every Deployment runs its init containers (`migrate`) for both
 *    replicas at once against the empty databases, then both replicas of the app at once: env,
 *    args, user, read-only root, capabilities, CPU and memory limits and volumes all taken from the
 *    rendered manifests. Cluster names resolve to the containers (a Service to its replicas in turn).
 * 3. Runs the e2e image as e2e/job.yaml runs it, beside a stand-in for its port-forwarding sidecar.
 * Prints each image's size, each replica's time to /ready and the suite's result, and exits 1 when
 * one misses its bar. Slow (minutes): not part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureServiceDatabase, scratchDir, startLocalPostgres } from '@sso/local-postgres';
import { waitUntilReady } from '@sso/service';
import { parse } from 'yaml';
import { entries, type K8sObject, makeSecrets, parseYaml, render } from '../manifests.ts';
import { fromRoot } from '../paths.ts';
import { type Engine, engine as findEngine } from './engine.ts';
import { runOptions } from './pod.ts';

/** The bars (deploy/README.md, Images). */
const bars = { addedMb: 120, readySeconds: 5 };
const network = { name: 'sso-images', subnet: '10.89.77.0/24', gateway: '10.89.77.1' };
const results = path.join(tmpdir(), 'sso-test-images.json');
const say = (line: string) => console.log(`› ${line}`);

interface Artifact {
  image: string;
  docker: { dockerfile: string; buildArgs?: Record<string, string> };
}
interface Built {
  image: string;
  base: string | undefined;
  addedMb: number | undefined;
  buildSeconds: number;
}

/** The base a Dockerfile's last stage starts from (an ARG default resolved). */
function runtimeBase(dockerfile: string): string {
  const text = readFileSync(fromRoot(dockerfile), 'utf8');
  const from = [...text.matchAll(/^FROM\s+(\S+)/gm)].at(-1)![1]!;
  return from.replace(/\$\{(\w+)\}/, (_, name: string) => new RegExp(`^ARG ${name}=(\\S+)`, 'm').exec(text)![1]!);
}

function build(engine: Engine): Built[] {
  const skaffold = parse(readFileSync(fromRoot('skaffold.yaml'), 'utf8')) as { build: { artifacts: Artifact[] } };
  return skaffold.build.artifacts.map((artifact) => {
    const buildArgs = Object.entries(artifact.docker.buildArgs ?? {}).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]);
    say(`building ${artifact.image} (${artifact.docker.dockerfile})…`);
    const started = performance.now();
    const network = engine.name === 'podman' ? ['--network', 'host'] : [];
    engine.run([
      'build',
      ...network,
      '-f',
      artifact.docker.dockerfile,
      ...buildArgs,
      '-t',
      artifact.image,
      fromRoot('.'),
    ]);
    const base = runtimeBase(artifact.docker.dockerfile);
    const app = base.startsWith('node:');
    return {
      image: artifact.image,
      base,
      addedMb: app ? (engine.size(artifact.image) - engine.size(base)) / 1e6 : undefined,
      buildSeconds: (performance.now() - started) / 1000,
    };
  });
}

/** A small TCP forwarder (the Job's socat sidecar, in Node): localhost ports to each Service's replicas in turn. */
const forwarder = (routes: Record<number, string[]>) => `
const net = require('node:net');
const routes = ${JSON.stringify(routes)};
for (const [port, targets] of Object.entries(routes)) {
  let next = 0;
  net.createServer((client) => {
    const target = targets[next++ % targets.length];
    const upstream = net.connect(Number(port), target);
    client.pipe(upstream).pipe(client);
    const close = () => { client.destroy(); upstream.destroy(); };
    client.on('error', close); upstream.on('error', close);
  }).listen(Number(port), '127.0.0.1');
}
process.on('SIGTERM', () => process.exit(0));`;

async function runInCluster(engine: Engine) {
  const scratch = scratchDir('sso-images-');
  const started: string[] = [];
  const remove = () => {
    for (const name of started.reverse()) spawnSync(engine.name, ['rm', '-f', '-t', '5', name], { stdio: 'ignore' });
    spawnSync(engine.name, ['network', 'rm', '-f', network.name], { stdio: 'ignore' });
  };
  remove();
  engine.run(['network', 'create', '--subnet', network.subnet, '--gateway', network.gateway, network.name]);
  makeSecrets('local');
  const objects = render('deploy/k8s/overlays/local');
  const postgresSecrets = entries(
    objects.find((o) => o.kind === 'Secret' && o.metadata.name.startsWith('postgres-secrets'))!,
  );
  const postgres = await startLocalPostgres({
    dataDir: path.join(scratch, 'postgres'),
    port: 5432,
    superuserPassword: postgresSecrets.POSTGRES_PASSWORD!,
    durable: false,
    network: network.subnet,
  });
  const readiness: { app: string; replica: number; seconds: number | undefined; migrateSeconds: number }[] = [];
  let suite = { passed: false, summary: '' };
  try {
    const script = readFileSync(fromRoot('deploy/k8s/base/postgres/service-database.psql'), 'utf8');
    for (const service of ['product_a', 'product_b', 'login_server']) {
      const password = postgresSecrets[`${service.toUpperCase()}_PASSWORD`]!;
      await ensureServiceDatabase(postgres.adminUrl(), { service, password, script });
    }
    const deployments = objects.filter((o) => o.kind === 'Deployment');
    const ipOf = (index: number, replica: number) => `10.89.77.${10 * (index + 1) + replica}`;
    const hosts: Record<string, string> = { 'postgres.sso.svc.cluster.local': network.gateway };
    // Back channels go to a Service's first replica (the browser's traffic below goes to both).
    deployments.forEach((d, i) => {
      hosts[`${d.metadata.name}.sso.svc.cluster.local`] = ipOf(i, 1);
    });
    const pods = deployments.flatMap((deployment, index) =>
      Array.from({ length: deployment.spec.replicas as number }, (_, r) => ({
        deployment,
        replica: r + 1,
        ip: ipOf(index, r + 1),
      })),
    );
    const placement = (name: string, ip: string) => ({ name, network: network.name, ip, hosts, scratch });

    say(`migrating: ${pods.length} init containers at once (two per database, as two replicas start)…`);
    const migrations = await Promise.all(
      pods.flatMap(({ deployment, replica, ip }) =>
        (deployment.spec.template.spec.initContainers ?? []).map(async (init: { name: string }) => {
          const name = `${deployment.metadata.name}-${replica}-${init.name}`;
          started.push(name);
          const t0 = performance.now();
          const { code, output } = await engine.start([
            'run',
            ...runOptions(deployment.spec.template.spec, init, objects, placement(name, ip)),
          ]).done;
          if (code !== 0) throw new Error(`${name} exited ${code}:\n${output}`);
          return { app: deployment.metadata.name, seconds: (performance.now() - t0) / 1000 };
        }),
      ),
    );

    say(`starting ${pods.length} app containers at once…`);
    await Promise.all(
      pods.map(async ({ deployment, replica, ip }) => {
        const pod = deployment.spec.template.spec;
        const [container] = pod.containers;
        const name = `${deployment.metadata.name}-${replica}`;
        started.push(name);
        const port = container.ports.find((p: { name: string }) => p.name === 'http').containerPort;
        const t0 = performance.now();
        engine.run(['run', '--detach', ...runOptions(pod, container, objects, placement(name, ip))]);
        const seconds = await waitUntilReady(`http://${ip}:${port}/ready`, { name, timeoutMs: 60_000 }).then(
          () => (performance.now() - t0) / 1000,
          () => undefined,
        );
        const migrateSeconds = Math.max(
          ...migrations.filter((m) => m.app === deployment.metadata.name).map((m) => m.seconds),
        );
        readiness.push({ app: deployment.metadata.name, replica, seconds, migrateSeconds });
        if (seconds === undefined) say(`${name} did not become ready:\n${engine.run(['logs', name])}`);
      }),
    );

    // The Job, as e2e/job.yaml describes it; its socat sidecar's role played by the forwarder.
    const [job] = parseYaml(readFileSync(fromRoot('e2e/job.yaml'), 'utf8')) as K8sObject[];
    const jobPod = job!.spec.template.spec;
    const routes: Record<number, string[]> = {};
    deployments.forEach((deployment, index) => {
      const port = deployment.spec.template.spec.containers[0].ports[0].containerPort as number;
      routes[port] = pods.filter((p) => p.deployment === deployment).map((p) => ipOf(index, p.replica));
    });
    const proxy = 'e2e-localhost';
    started.push(proxy);
    const nodeImage = runtimeBase('deploy/docker/app.Dockerfile');
    engine.run([
      'run',
      '--detach',
      '--name',
      proxy,
      '--network',
      network.name,
      '--ip',
      '10.89.77.100',
      '--user',
      '65534:65534',
      '--read-only',
      '--cap-drop',
      'ALL',
      nodeImage,
      'node',
      '-e',
      forwarder(routes),
    ]);
    const e2e = jobPod.containers.find((c: { name: string }) => c.name === 'e2e');
    const name = 'e2e';
    started.push(name);
    say('running the e2e suite as the Job runs it…');
    const { code, output } = await engine.start([
      'run',
      ...runOptions(jobPod, e2e, [], { name, network: network.name, shareNetworkOf: proxy, hosts: {}, scratch }),
    ]).done;
    const summary = output.match(/^\s*\d+ (passed|failed|flaky|skipped).*$/gm)?.join('; ') ?? output.slice(-2000);
    suite = { passed: code === 0, summary: summary.trim() };
    if (code !== 0) console.log(output);
    say(`the suite's report: ${path.join(scratch, 'host/e2e-report')}`);
  } finally {
    remove();
    await postgres.stop();
  }
  writeFileSync(results, JSON.stringify({ readiness, suite }));
}

function report(built: Built[]): boolean {
  const { readiness, suite } = JSON.parse(readFileSync(results, 'utf8')) as {
    readiness: { app: string; replica: number; seconds: number | undefined; migrateSeconds: number }[];
    suite: { passed: boolean; summary: string };
  };
  let ok = suite.passed;
  console.log('\nimage                 added to its base   bar              build');
  for (const b of built) {
    const miss = b.addedMb !== undefined && b.addedMb > bars.addedMb;
    ok &&= !miss;
    const added = b.addedMb === undefined ? '(Playwright base)' : `${b.addedMb.toFixed(1)} MB`;
    console.log(
      `${b.image.padEnd(22)}${added.padEnd(20)}${(b.addedMb === undefined ? '' : `≤ ${bars.addedMb} MB ${miss ? 'MISS' : 'ok'}`).padEnd(17)}${b.buildSeconds.toFixed(0)} s`,
    );
  }
  console.log('\napp replica           migrate (init)   to /ready   bar');
  for (const r of readiness.sort((a, b) => a.app.localeCompare(b.app) || a.replica - b.replica)) {
    const miss = r.seconds === undefined || r.seconds > bars.readySeconds;
    ok &&= !miss;
    console.log(
      `${`${r.app} #${r.replica}`.padEnd(22)}${`${r.migrateSeconds.toFixed(1)} s`.padEnd(17)}${(r.seconds === undefined ? 'never' : `${r.seconds.toFixed(2)} s`).padEnd(12)}≤ ${bars.readySeconds} s ${miss ? 'MISS' : 'ok'}`,
    );
  }
  console.log(`\ne2e suite in the e2e image: ${suite.passed ? 'passed' : 'FAILED'} (${suite.summary})`);
  console.log(ok ? '\nEvery bar met.' : '\nSome bar missed.');
  return ok;
}

const insideNamespace = process.env.SSO_IMAGES_NAMESPACE === '1';
try {
  if (insideNamespace) {
    await runInCluster(findEngine());
  } else {
    const engine = findEngine();
    const built = build(engine);
    rmSync(results, { force: true });
    // The containers get the usual ports and a bridge of their own, away from everything else here.
    const self = fileURLToPath(import.meta.url);
    const run =
      process.getuid?.() === 0
        ? spawnSync(
            'unshare',
            ['--net', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', process.execPath, ...process.execArgv, self],
            {
              stdio: 'inherit',
              env: { ...process.env, SSO_IMAGES_NAMESPACE: '1' },
            },
          )
        : spawnSync(process.execPath, [...process.execArgv, self], {
            stdio: 'inherit',
            env: { ...process.env, SSO_IMAGES_NAMESPACE: '1' },
          });
    if (run.status !== 0) throw new Error('running the images failed (see above)');
    if (!report(built)) process.exit(1);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
