import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import dockerignore from '@balena/dockerignore';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { entries, type K8sObject, makeSecrets, parseYaml, render } from '../src/manifests.ts';
import { fromRoot } from '../src/paths.ts';
import { imagesOf, renderProfile, skaffoldConfig } from '../src/skaffold.ts';
import { strictProblems } from '../src/strict.ts';
import { validateObject } from '../src/validate.ts';

const read = (file: string) => readFileSync(fromRoot(file), 'utf8');

describe('the kind cluster', () => {
  it('runs a node image pinned by digest (the same Kubernetes on every machine)', () => {
    const kind = parse(read('deploy/kind/cluster.yaml'));
    for (const node of kind.nodes) {
      expect(node.image).toMatch(/^kindest\/node:v\d+\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    }
  });
});

describe('ports: kind, Services, containers and the apps agree', () => {
  let local: K8sObject[];
  beforeAll(() => {
    makeSecrets('local');
    local = render('deploy/k8s/overlays/local');
  });

  it('maps each localhost port to the NodePort of the service that listens on it', () => {
    const kind = parse(read('deploy/kind/cluster.yaml'));
    const mappings: { containerPort: number; hostPort: number; listenAddress: string }[] =
      kind.nodes[0].extraPortMappings;
    const pool = parse(read('apps/login-server/config/local-pool.yaml'));
    const expected = { 8000: 'product-a', 8001: 'product-b', 9229: 'login-server' } as const;
    expect(mappings.map((m) => m.hostPort).sort()).toEqual([8000, 8001, 9229]);
    for (const mapping of mappings) {
      const name = expected[mapping.hostPort as keyof typeof expected];
      expect(mapping.listenAddress).toBe('127.0.0.1');
      const service = local.find((o) => o.kind === 'Service' && o.metadata.name === name)!;
      const port = service.spec.ports[0];
      // kind needs containerPort == nodePort; the Service listens on the host's port number too.
      expect(port.nodePort, name).toBe(mapping.containerPort);
      expect(port.port, name).toBe(mapping.hostPort);
      const deployment = local.find((o) => o.kind === 'Deployment' && o.metadata.name === name)!;
      const container = deployment.spec.template.spec.containers[0];
      expect(container.ports[0].containerPort, name).toBe(mapping.hostPort);
      if (name === 'login-server') {
        expect(pool.server.port).toBe(mapping.hostPort);
        continue;
      }
      const settings = local.find(
        (o) => o.kind === 'ConfigMap' && o.metadata.name === container.envFrom[0].configMapRef.name,
      )!;
      const env = entries(settings);
      expect(Number(env.PORT), name).toBe(mapping.hostPort);
      expect(env.APP_URL).toBe(`http://localhost:${mapping.hostPort}`);
      // The callback the login server accepts is the one the app will send.
      const client = pool.clients.find((c: { clientId: string }) => c.clientId === env.COGNITO_CLIENT_ID);
      expect(client.callbackUrls).toEqual([`${env.APP_URL}/auth/callback`]);
      expect(env.COGNITO_BACKCHANNEL_URL).toBe('http://login-server.sso.svc.cluster.local:9229');
    }
  });
});

describe('skaffold.yaml', () => {
  const skaffold = skaffoldConfig();

  /** Skaffold's own schema, kept in the repository (deploy/checks/schemas, with its licence). */
  const schema = () => JSON.parse(read('deploy/checks/schemas/skaffold-v4beta14.json')) as object;

  it("validates against Skaffold's v4beta14 schema", async () => {
    expect(skaffold.apiVersion).toBe('skaffold/v4beta14');
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema());
    const valid = validate(skaffold);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  for (const profile of ['default', 'aws'] as const) {
    describe(`profile ${profile}`, () => {
      const config = skaffoldConfig(profile);
      const built = new Set(config.build.artifacts.map((a) => a.image));
      let objects: K8sObject[];
      beforeAll(() => {
        objects = renderProfile(profile);
      });

      it('builds every image of ours that the manifests and the e2e Job run, and pins the others', () => {
        const images = [...imagesOf(objects), ...imagesOf(parseYaml(read('e2e/job.yaml')))];
        const ours = images.filter((image) => image.startsWith('sso/'));
        expect(ours.length).toBeGreaterThan(profile === 'aws' ? 2 : 4);
        for (const image of ours) expect(built.has(image), image).toBe(true);
        for (const image of images.filter((i) => !i.startsWith('sso/')))
          expect(image, 'pinned by tag').toMatch(/:[\w.-]*\d/);
      });

      it('runs the Playwright suite as the e2e Job in verify, with an image it builds', () => {
        // verify -a gives the Job the built tag and loads it into kind: only for images built here.
        const [test] = config.verify ?? [];
        expect(test?.executionMode.kubernetesCluster.jobManifestPath).toBe('e2e/job.yaml');
        expect(test?.container).toEqual({ name: 'e2e', image: 'sso/e2e' });
        expect(built.has('sso/e2e')).toBe(true);
      });
    });
  }

  it('deploys the local login server only without the aws profile', () => {
    expect(skaffoldConfig().build.artifacts.map((a) => a.image)).toContain('sso/login-server');
    expect(skaffoldConfig('aws').build.artifacts.map((a) => a.image)).not.toContain('sso/login-server');
    expect(skaffoldConfig('aws').manifests.kustomize.paths).toEqual(['deploy/k8s/overlays/aws', 'deploy/k8s/e2e/aws']);
  });
});

describe('npm run kind:e2e (deploy/kind/e2e.sh)', () => {
  /**
   * Runs the script with stand-ins for skaffold, kind and kubectl that record how they are called:
   * the sequence is the point (which file each step gets, what gets loaded into kind).
   */
  function run(args: string[], tools = ['skaffold', 'kind', 'kubectl']) {
    const dir = mkdtempSync(path.join(tmpdir(), 'kind-e2e-'));
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    const log = path.join(dir, 'calls');
    const record = `printf '%s|%s\\n' "$(basename "$0") $*" "$(cat "\${KUBECONFIG:-/dev/null}" 2>/dev/null)" >> '${log}'`;
    const scripts: Record<string, string> = {
      kubectl: `${record}\n[ "$1 $2" = "config view" ] && echo "current-context: kind-sso"\nexit 0`,
      kind: `${record}`,
      skaffold: `${record}\nif [ "$1" = build ]; then shift; [ "$1" = --file-output ] && echo '{"builds":[]}' > "$2"; fi\nexit 0`,
    };
    for (const tool of tools) writeFileSync(path.join(bin, tool), `#!/bin/sh\n${scripts[tool]}\n`, { mode: 0o755 });
    const result = spawnSync('sh', [fromRoot('deploy/kind/e2e.sh'), ...args], {
      encoding: 'utf8',
      // Only the stand-ins and the system's own tools; no cluster context from the caller's shell.
      env: {
        ...process.env,
        PATH: `${bin}:/usr/bin:/bin`,
        TMPDIR: dir,
        SSO_KUBE_CONTEXT: undefined,
        KUBECONFIG: undefined,
      },
    });
    const calls = existsSync(log)
      ? readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((line) => {
            const [argv, kubeconfig] = line.split('|');
            return { argv: argv!.split(' '), kubeconfig };
          })
      : [];
    return { ...result, calls, dir };
  }

  it('builds, deploys the built tags with kind loading forced, then verifies with the same tags', () => {
    const { status, calls, stderr, dir } = run(['-p', 'aws']);
    expect(status, stderr).toBe(0);
    const skaffold = calls.filter((c) => c.argv[0] === 'skaffold').map((c) => c.argv.slice(1));
    const builds = skaffold[0]![2]!;
    expect(builds.startsWith(dir)).toBe(true);
    expect(skaffold).toEqual([
      ['build', '--file-output', builds, '-p', 'aws'],
      ['deploy', '--build-artifacts', builds, '--load-images=true', '-p', 'aws'],
      ['verify', '--build-artifacts', builds, '-p', 'aws'],
    ]);
    // verify has no --kube-context: every step reads a kubeconfig of the kind context alone.
    for (const call of calls.filter((c) => c.argv[0] === 'skaffold'))
      expect(call.kubeconfig).toBe('current-context: kind-sso');
    expect(calls.map((c) => c.argv.join(' '))).toContain(
      'kubectl config view --raw --minify --flatten --context kind-sso',
    );
    // Its scratch folder is gone afterwards.
    expect(readdirSync(dir).sort()).toEqual(['bin', 'calls']);
  });

  it('stops before building when a tool is missing, and says which', () => {
    const { status, stderr, calls } = run([], ['skaffold', 'kubectl']);
    expect(status).toBe(1);
    expect(stderr).toContain('kind:e2e needs kind on PATH');
    expect(calls).toEqual([]);
  });
});

describe('the e2e Job', () => {
  const [job] = parseYaml(read('e2e/job.yaml'));

  it('is a valid Job that runs once, in time, and cleans up after itself', () => {
    expect(() => validateObject(job!)).not.toThrow();
    expect(job!.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: expect.any(Number) });
    expect(job!.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
    expect(job!.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('gives the browser the localhost URLs through a native sidecar, and Chromium its shared memory', () => {
    const pod = job!.spec.template.spec;
    const sidecar = pod.initContainers.find((c: { restartPolicy?: string }) => c.restartPolicy === 'Always');
    expect(sidecar, 'a native sidecar').toBeDefined();
    const script: string = sidecar.command.join(' ');
    for (const [port, service] of [
      [8000, 'product-a'],
      [8001, 'product-b'],
      [9229, 'login-server'],
    ]) {
      expect(script).toContain(`TCP-LISTEN:${port},`);
      expect(script).toContain(`TCP:${service}.sso.svc.cluster.local:${port}`);
    }
    const e2e = pod.containers.find((c: { name: string }) => c.name === 'e2e');
    expect(e2e.env).toContainEqual({ name: 'E2E_EXTERNAL_STACK', value: '1' });
    expect(e2e.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toContain('/dev/shm');
  });

  it('probes nothing on loopback: the kubelet probes from the node, where 127.0.0.1 is the node itself', () => {
    const objects = [...render('deploy/k8s/overlays/local'), job!];
    const probes = objects.flatMap((o) => {
      const pod = o.spec?.template?.spec;
      return [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])].flatMap(
        (c: Record<string, { httpGet?: { host?: string }; tcpSocket?: { host?: string } } | undefined>) =>
          ['startupProbe', 'readinessProbe', 'livenessProbe'].map((kind) => ({
            where: `${o.metadata.name}/${c.name}`,
            probe: c[kind],
          })),
      );
    });
    for (const { where, probe } of probes) {
      const host = probe?.httpGet?.host ?? probe?.tcpSocket?.host;
      expect(host === undefined || !/^(127\.|localhost$|::1$)/.test(host), `${where} probes ${host}`).toBe(true);
    }
  });

  it('uses only the fields the Kubernetes API defines', () => {
    expect(strictProblems([job!, ...render('deploy/k8s/e2e/local'), ...render('deploy/k8s/e2e/aws')])).toEqual([]);
  });
});

describe('Dockerfiles', () => {
  const app = read('deploy/docker/app.Dockerfile');
  const e2e = read('e2e/Dockerfile');
  const stages = (dockerfile: string) => dockerfile.split('\n').filter((line) => /^FROM\s/i.test(line));

  it('builds the apps in one stage and runs them from another, as a non-root user given by number', () => {
    expect(stages(app)).toHaveLength(2);
    const runtime = app.slice(app.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/\nUSER 1000:1000\n/);
    // What runs holds only what the runtime folder holds (scripts/build/runtime.ts): no install there.
    expect(runtime).not.toMatch(/npm (ci|install)/);
    expect(runtime.match(/^COPY .*$/gm)).toEqual([
      'COPY --from=build /runtime-node-modules node_modules',
      'COPY --from=build /runtime ./',
    ]);
    expect(app).toContain('--ignore-scripts');
  });

  it('uses the Node.js version the repository runs on (.node-version)', () => {
    expect(app).toContain(`ARG NODE_IMAGE=node:${read('.node-version').trim()}-bookworm-slim`);
  });

  it('runs the apps as the user the manifests check for', () => {
    makeSecrets('local');
    for (const deployment of render('deploy/k8s/overlays/local').filter((o) => o.kind === 'Deployment')) {
      const pod = deployment.spec.template.spec;
      expect(`${pod.securityContext.runAsUser}:${pod.securityContext.runAsGroup}`, deployment.metadata.name).toBe(
        '1000:1000',
      );
      expect(pod.securityContext.runAsNonRoot, deployment.metadata.name).toBe(true);
    }
  });

  it('runs the e2e suite on the Playwright image of the installed @playwright/test version', () => {
    const version = JSON.parse(read('e2e/package.json')).devDependencies['@playwright/test'];
    const locked = JSON.parse(read('package-lock.json')).packages['node_modules/@playwright/test'].version;
    expect(locked).toBe(version);
    expect(stages(e2e)).toEqual([`FROM mcr.microsoft.com/playwright:v${version}-noble`]);
    expect(e2e).toMatch(/\nUSER 1001:1001\n/);
  });

  describe('the build context (.dockerignore, read as Docker reads it)', () => {
    // A CommonJS module: its default export is the module, which holds the factory as `default` too.
    const context = dockerignore.default({ ignorecase: false }).add(read('.dockerignore').split('\n'));
    /** What a working checkout holds beside the sources: installs, builds, databases, secrets, reports. */
    const checkoutOnly = [
      '.git/HEAD',
      '.env',
      'apps/product-a/.env',
      'node_modules/zod/package.json',
      'apps/login-server/node_modules/.bin/prisma',
      'apps/login-server/dist/main.js',
      'apps/login-server/src/generated/prisma/client.ts',
      'apps/product-a/build/server/index.js',
      'prisma/product-b/generated/client.ts',
      'scripts/local-stack/dist/main.js',
      '.data/postgres/PG_VERSION',
      'deploy/k8s/overlays/local/secrets/login-server.env',
      'deploy/k8s/overlays/aws/secrets/product-a.env',
      'packages/service/tsconfig.tsbuildinfo',
      'e2e/test-results/results.json',
      'e2e/playwright-report/index.html',
      'e2e/screenshots/01-signed-in.png',
      'coverage/index.html',
      'bench-results.json',
    ];

    it('leaves out everything git ignores (installs, build output, databases, secrets, reports)', () => {
      const ignoredByGit = spawnSync('git', ['check-ignore', '--no-index', '--stdin'], {
        cwd: fromRoot('.'),
        input: checkoutOnly.join('\n'),
        encoding: 'utf8',
      }).stdout.split('\n');
      // Every sample is one git ignores (or .git itself): the list stays in step with .gitignore.
      expect(checkoutOnly.filter((file) => !file.startsWith('.git/') && !ignoredByGit.includes(file))).toEqual([]);
      expect(checkoutOnly.filter((file) => !context.ignores(file))).toEqual([]);
    });

    it('keeps every tracked file the Dockerfiles copy', () => {
      const sources = ['deploy/docker/app.Dockerfile', 'e2e/Dockerfile'].flatMap((file) =>
        [...read(file).matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((m) => m[1]!.trim().split(/\s+/).slice(0, -1)),
      );
      expect(sources).toContain('apps');
      const tracked = spawnSync('git', ['ls-files', '--', ...sources], { cwd: fromRoot('.'), encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean);
      expect(tracked.length).toBeGreaterThan(100);
      expect(tracked.filter((file) => context.ignores(file))).toEqual([]);
    });
  });
});
