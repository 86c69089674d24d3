import { readFileSync } from 'node:fs';
import { type MockedRun, runMocked } from '@sso/pulumi/mocked-program';
import { beforeAll, describe, expect, it } from 'vitest';
import { type K8sObject, parseYaml } from '../src/manifests.ts';
import { fromRoot } from '../src/paths.ts';
import { renderProfile } from '../src/skaffold.ts';

type Program = typeof import('@sso/pulumi');

/**
 * With real Cognito two tools write to the same cluster: Pulumi (namespaces, the Cognito Secrets,
 * the e2e user's Secret) and Skaffold (`-p aws`). Each object must have one owner, or one tool's
 * cleanup deletes the other's objects; and what one relies on, the other must make.
 */
describe('Pulumi and Skaffold -p aws share the cluster without overlap', () => {
  let pulumi: MockedRun<Program>;
  let skaffold: K8sObject[];
  const job = parseYaml(readFileSync(fromRoot('e2e/job.yaml'), 'utf8'))[0]!;
  const key = (kind: string, namespace: string | undefined, name: string) => `${kind} ${namespace ?? '-'}/${name}`;
  let pulumiObjects: string[];

  beforeAll(async () => {
    pulumi = await runMocked(
      { 'aws:region': 'eu-west-1', 'sso:domainPrefix': 'acme-sso-test' },
      () => import('@sso/pulumi'),
    );
    skaffold = renderProfile('aws');
    pulumiObjects = pulumi.resources
      .filter((r) => r.type.startsWith('kubernetes:'))
      .map((r) => {
        const metadata = r.inputs.metadata as { name: string; namespace?: string };
        return key(r.type.split(':').pop()!, metadata.namespace, metadata.name);
      });
  }, 60_000);

  it('renders nothing that Pulumi creates', () => {
    expect(pulumiObjects.length).toBeGreaterThan(3);
    const rendered = skaffold.map((o) => key(o.kind, o.metadata.namespace, o.metadata.name));
    expect(rendered.filter((object) => pulumiObjects.includes(object))).toEqual([]);
  });

  it('deploys only into namespaces that Pulumi makes (the e2e Job too)', () => {
    const namespaces = new Set([...skaffold, job].flatMap((o) => o.metadata.namespace ?? []));
    for (const namespace of namespaces)
      expect(pulumiObjects, String(namespace)).toContain(key('Namespace', undefined, namespace!));
  });

  it('finds every Secret its pods read: rendered, or made by Pulumi', () => {
    const secrets = new Set([
      ...skaffold.filter((o) => o.kind === 'Secret').map((o) => key('Secret', o.metadata.namespace, o.metadata.name)),
      ...pulumiObjects.filter((o) => o.startsWith('Secret ')),
    ]);
    for (const object of [...skaffold, job]) {
      const pod = object.spec?.template?.spec;
      for (const container of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])])
        for (const source of container.envFrom ?? [])
          if (source.secretRef)
            expect(secrets, `${object.metadata.name}/${container.name}`).toContain(
              key('Secret', object.metadata.namespace, source.secretRef.name),
            );
    }
  });
});
