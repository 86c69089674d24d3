import { readFileSync } from 'node:fs';
import { parsePoolConfig, withEnvironment } from '@sso/login-server/config';
import { readSettings } from '@sso/product-auth';
import { cognitoSecretKeys } from '@sso/pulumi/cognito-settings';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { entries, type K8sObject, makeSecrets, type Overlay, overlays, render } from '../src/manifests.ts';
import { fromRoot } from '../src/paths.ts';
import { strictProblems } from '../src/strict.ts';
import { validateObject } from '../src/validate.ts';

const apps: Record<Overlay, string[]> = {
  local: ['product-a', 'product-b', 'login-server'],
  aws: ['product-a', 'product-b'],
};

describe.each(overlays)('the %s overlay', (overlay) => {
  let objects: K8sObject[];
  const find = (kind: string, name: string) => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (!found) throw new Error(`no ${kind} ${name} in the ${overlay} overlay`);
    return found;
  };
  const byRef = (kind: 'ConfigMap' | 'Secret', name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name);
  const workloads = () => objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');

  beforeAll(() => {
    makeSecrets(overlay);
    objects = render(`deploy/k8s/overlays/${overlay}`);
  });

  it('renders, and every object validates against the Kubernetes schemas', () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) {
      expect(() => validateObject(object), `${object.kind} ${object.metadata.name}`).not.toThrow();
      if (object.kind !== 'Namespace') expect(object.metadata.namespace, object.metadata.name).toBe('sso');
    }
  });

  it('uses only the fields the Kubernetes API defines (a misspelt field is an error, not ignored)', () => {
    expect(strictProblems(objects)).toEqual([]);
  });

  it('runs each app twice, with a disruption budget and rolling updates that keep capacity', () => {
    for (const app of apps[overlay]) {
      const deployment = find('Deployment', app);
      expect(deployment.spec.replicas, app).toBeGreaterThanOrEqual(2);
      expect(deployment.spec.strategy.rollingUpdate.maxUnavailable, app).toBe(0);
      expect(find('PodDisruptionBudget', app).spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    }
    expect(objects.some((o) => o.metadata.name === 'login-server')).toBe(overlay === 'local');
  });

  it('carries a login server pool file (and so can turn its /inspector page on) only on the local cluster', () => {
    const poolFiles = objects.filter((o) => ['Secret', 'ConfigMap'].includes(o.kind) && 'pool.yaml' in entries(o));
    expect(poolFiles.length).toBe(overlay === 'local' ? 1 : 0);
  });

  it('gives every container probes, requests and limits, and a restricted security context', () => {
    for (const workload of workloads()) {
      const pod = workload.spec.template.spec;
      expect(pod.securityContext, workload.metadata.name).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.automountServiceAccountToken, workload.metadata.name).toBe(false);
      for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
        const where = `${workload.metadata.name}/${container.name}`;
        expect(container.resources?.requests, where).toMatchObject({
          cpu: expect.anything(),
          memory: expect.anything(),
        });
        expect(container.resources?.limits, where).toMatchObject({ cpu: expect.anything(), memory: expect.anything() });
        expect(container.securityContext, where).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        const mounts = (container.volumeMounts ?? []).map((m: { mountPath: string }) => m.mountPath);
        expect(mounts, `${where}: a writable /tmp beside the read-only root`).toContain('/tmp');
      }
      for (const container of pod.containers) {
        expect(container.readinessProbe, `${workload.metadata.name} readiness`).toBeDefined();
        expect(container.livenessProbe, `${workload.metadata.name} liveness`).toBeDefined();
        // Apps start in about a second: a startup probe, not a fixed delay, holds the other probes back.
        if (workload.kind === 'Deployment') {
          expect(container.startupProbe, `${workload.metadata.name} startup`).toBeDefined();
          expect(
            container.livenessProbe.initialDelaySeconds,
            `${workload.metadata.name} liveness delay`,
          ).toBeUndefined();
        }
      }
    }
  });

  it('gives every app the settings it requires (checked by the apps’ own validation)', () => {
    const environment = (deployment: K8sObject, extra: Record<string, string> = {}) => {
      const container = deployment.spec.template.spec.containers[0];
      const env: Record<string, string> = { ...extra };
      for (const source of container.envFrom ?? []) {
        const ref = source.configMapRef ?? source.secretRef;
        const object = byRef(source.configMapRef ? 'ConfigMap' : 'Secret', ref.name);
        // Secrets Pulumi creates are not in the overlay: their keys are checked against Pulumi's list.
        if (!object) {
          expect(ref.name, `${deployment.metadata.name} refers to a missing ${ref.name}`).toMatch(/-cognito$/);
          for (const key of cognitoSecretKeys) env[key] = key === 'COGNITO_REGION' ? 'eu-west-1' : placeholder(key);
          continue;
        }
        Object.assign(env, entries(object));
      }
      for (const { name, value } of container.env ?? []) env[name] = value;
      return env;
    };
    for (const product of ['product-a', 'product-b']) {
      const settings = readSettings(environment(find('Deployment', product)));
      expect(settings.databaseUrl).toMatch(/^postgres:\/\/.+@postgres\.sso\.svc\.cluster\.local:5432\/product_[ab]$/);
      expect(settings.appUrl).toBe(product === 'product-a' ? 'http://localhost:8000' : 'http://localhost:8001');
      // Demo users (an admin among them) exist only on the local cluster.
      expect(settings.seedDemoData, `${product} DEMO_SEED`).toBe(overlay === 'local');
    }
    if (overlay === 'local') {
      const deployment = find('Deployment', 'login-server');
      const env = environment(deployment);
      const pool = entries(byRef('Secret', deployment.spec.template.spec.volumes[0].secret.secretName)!)['pool.yaml']!;
      const config = withEnvironment(parsePoolConfig(parse(pool), 'pool.yaml'), env as never, 'pool.yaml');
      expect(config.issuer).toBe('http://localhost:9229/us-east-1_LocalPool');
      expect(config.databaseUrl).toMatch(/\/login_server$/);
    }
  });

  it('commits no secret values: every Secret is generated from git-ignored env files', () => {
    const kustomization = parse(readFileSync(fromRoot(`deploy/k8s/overlays/${overlay}/kustomization.yaml`), 'utf8'));
    for (const generator of kustomization.secretGenerator ?? []) {
      expect(generator.literals, generator.name).toBeUndefined();
      for (const file of generator.envs ?? []) expect(file).toMatch(/^secrets\//);
    }
    const ignored = readFileSync(fromRoot('.gitignore'), 'utf8');
    expect(ignored).toContain('deploy/k8s/overlays/*/secrets/');
  });

  it('denies traffic by default and lets PostgreSQL be reached only by the apps', () => {
    expect(find('NetworkPolicy', 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const postgres = find('NetworkPolicy', 'postgres-ingress').spec.ingress[0];
    expect(postgres.from[0].podSelector.matchExpressions[0].values.sort()).toEqual([
      'login-server',
      'product-a',
      'product-b',
    ]);
    expect(postgres.ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
  });
});

function placeholder(key: string): string {
  if (key === 'COGNITO_USER_POOL_ID') return 'eu-west-1_Placeholder1';
  if (key === 'COGNITO_HOSTED_UI_URL') return 'https://example.auth.eu-west-1.amazoncognito.com';
  return `placeholder-${key.toLowerCase()}`;
}

describe('the strict check', () => {
  it('names a misspelt field and the object it is in', () => {
    makeSecrets('local');
    const objects = render('deploy/k8s/overlays/local');
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'product-a')!;
    const [container] = deployment.spec.template.spec.containers;
    container.resouces = container.resources;
    delete container.resources;
    const problems = strictProblems([deployment]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Deployment product-a: .*resouces.* does not exist in type 'IContainer'/);
  });
});
