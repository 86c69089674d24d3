import * as models from 'kubernetes-models';
import type { K8sObject } from './manifests.ts';

type Model = new (data: object) => { validate(): void };

/** kubernetes-models groups modules by API group, e.g. `networking.k8s.io` → `networkingK8sIo`. */
function modelFor(apiVersion: string, kind: string): Model | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const key = group ? group!.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase()) : version!;
  const module = (models as unknown as Record<string, Record<string, Record<string, Model>>>)[key];
  const versioned = group ? module?.[version!] : (module as unknown as Record<string, Model> | undefined);
  return (versioned as Record<string, Model> | undefined)?.[kind];
}

/** Validates an object against the Kubernetes OpenAPI schema of its kind; throws the problems. */
export function validateObject(object: K8sObject): void {
  const Model = modelFor(object.apiVersion, object.kind);
  if (!Model) throw new Error(`no Kubernetes schema for ${object.apiVersion} ${object.kind}`);
  new Model(withoutLineBreaks(object)).validate();
}

/**
 * kustomize wraps long Secret values over lines; the API server's base64 decoder skips the line
 * breaks, the schema's "byte" format does not. Validate what the server would decode.
 */
function withoutLineBreaks(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || !object.data) return object;
  return {
    ...object,
    data: Object.fromEntries(Object.entries(object.data).map(([k, v]) => [k, v.replace(/\s+/g, '')])),
  };
}
