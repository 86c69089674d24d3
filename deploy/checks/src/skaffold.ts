import { readFileSync } from 'node:fs';
import { applyPatch, type Operation } from 'rfc6902';
import { parse } from 'yaml';
import { type K8sObject, makeSecrets, render } from './manifests.ts';
import { fromRoot } from './paths.ts';

/** The parts of skaffold.yaml the checks read. */
export interface SkaffoldConfig {
  apiVersion: string;
  build: { artifacts: { image: string; docker: { dockerfile: string; buildArgs?: Record<string, string> } }[] };
  manifests: { hooks: { before: { host: { command: string[] } }[] }; kustomize: { paths: string[] } };
  verify?: {
    name: string;
    container: { name: string; image: string };
    executionMode: { kubernetesCluster: { jobManifestPath: string } };
  }[];
  profiles: { name: string; patches: Operation[] }[];
}

export type Profile = 'default' | 'aws';

/** skaffold.yaml as written (`default`), or with a profile's JSON patches applied, as `-p` does. */
export function skaffoldConfig(profile: Profile = 'default'): SkaffoldConfig {
  const config = parse(readFileSync(fromRoot('skaffold.yaml'), 'utf8')) as SkaffoldConfig;
  if (profile === 'default') return config;
  const found = config.profiles.find((p) => p.name === profile);
  if (!found) throw new Error(`skaffold.yaml has no profile ${profile}`);
  const errors = applyPatch(config, found.patches).filter(Boolean);
  if (errors.length) throw new Error(`profile ${profile}: ${errors.map((e) => e?.message).join('; ')}`);
  return config;
}

/** What Skaffold deploys with that profile: its before-render hook, then every kustomize path. */
export function renderProfile(profile: Profile): K8sObject[] {
  const config = skaffoldConfig(profile);
  const overlay = config.manifests.hooks.before[0]!.host.command.at(-1);
  if (overlay !== 'local' && overlay !== 'aws') throw new Error(`unexpected secrets hook for ${overlay}`);
  makeSecrets(overlay);
  return config.manifests.kustomize.paths.flatMap((dir) => render(dir));
}

/** The images a set of rendered objects runs, init containers included. */
export function imagesOf(objects: K8sObject[]): string[] {
  return objects.flatMap((o) => {
    const pod = o.spec?.template?.spec;
    return [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])].map((c: { image: string }) => c.image);
  });
}
