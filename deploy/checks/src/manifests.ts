import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { kubectl } from './kubectl.ts';
import { fromRoot } from './paths.ts';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are checked field by field by the tests
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export const overlays = ['local', 'aws'] as const;
export type Overlay = (typeof overlays)[number];

/** Makes the git-ignored secret env files an overlay's generators read (as skaffold's hook does). */
export function makeSecrets(overlay: Overlay): void {
  execFileSync('sh', [fromRoot('deploy/k8s/make-secrets.sh'), overlay], { stdio: 'ignore' });
}

/** `kubectl kustomize` of a kustomization, as skaffold renders it, parsed into objects. */
export function render(dir: string): K8sObject[] {
  const yaml = execFileSync(kubectl(), ['kustomize', fromRoot(dir)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseYaml(yaml);
}

export function parseYaml(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join('\n'));
      return doc.toJSON() as K8sObject;
    })
    .filter(Boolean);
}

/** The decoded key/values of a rendered ConfigMap or Secret. */
export function entries(object: K8sObject): Record<string, string> {
  if (object.kind === 'Secret') {
    return Object.fromEntries(
      Object.entries(object.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
    );
  }
  return object.data ?? {};
}
