import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { entries, type K8sObject } from '../manifests.ts';

/* A Kubernetes container, as the rendered manifests describe it, turned into `docker|podman run`
 * options: its image, command and args, environment (env and envFrom), user, read-only root,
 * capabilities, CPU and memory limits, and its volumes (emptyDir as tmpfs, Secrets and ConfigMaps as
 * read-only files, hostPath as a folder here). Nothing is retyped: whatever the manifests change,
 * the containers run with. */

// biome-ignore lint/suspicious/noExplicitAny: manifests are JSON; the fields read here are checked by the overlay tests
type Spec = any;

export interface Placement {
  name: string;
  network: string;
  /** `container:<name>` to share another container's network (a sidecar), else an IP on `network`. */
  ip?: string;
  shareNetworkOf?: string;
  /** Names the Pod would resolve through cluster DNS, and the addresses they stand for here. */
  hosts: Record<string, string>;
  /** Where Secret, ConfigMap and hostPath volumes are written. */
  scratch: string;
}

const cpus = (quantity: string) => (quantity.endsWith('m') ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity));
function memory(quantity: string): string {
  const match = /^(\d+)(Mi|Gi|M|G)?$/.exec(quantity);
  if (!match) throw new Error(`unsupported memory quantity ${quantity}`);
  const unit = { Mi: 'm', M: 'm', Gi: 'g', G: 'g', undefined: 'b' }[String(match[2])];
  return `${match[1]}${unit}`;
}

function find(objects: K8sObject[], kind: string, name: string, optional = false): K8sObject | undefined {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found && !optional) throw new Error(`the manifests name ${kind} ${name}, which they do not contain`);
  return found;
}

/** The container's environment, as the kubelet would give it. */
function environment(container: Spec, objects: K8sObject[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    // An optional source that does not exist adds nothing (the kubelet's rule).
    for (const [kind, ref] of [
      ['ConfigMap', source.configMapRef],
      ['Secret', source.secretRef],
    ] as const) {
      const found = ref && find(objects, kind, ref.name, ref.optional === true);
      if (found) Object.assign(env, entries(found));
    }
  }
  for (const variable of container.env ?? []) {
    if (variable.valueFrom) throw new Error(`env ${variable.name}: valueFrom is not supported here`);
    env[variable.name] = variable.value;
  }
  return env;
}

export function runOptions(pod: Spec, container: Spec, objects: K8sObject[], placement: Placement): string[] {
  const options = ['--name', placement.name];
  if (placement.shareNetworkOf) options.push('--network', `container:${placement.shareNetworkOf}`);
  else {
    options.push('--network', placement.network, '--ip', placement.ip!);
    for (const [host, address] of Object.entries(placement.hosts)) options.push('--add-host', `${host}:${address}`);
  }
  const security = { ...pod.securityContext, ...container.securityContext };
  if (security.runAsUser !== undefined)
    options.push('--user', `${security.runAsUser}:${security.runAsGroup ?? security.runAsUser}`);
  if (security.readOnlyRootFilesystem) options.push('--read-only');
  if (security.allowPrivilegeEscalation === false) options.push('--security-opt', 'no-new-privileges');
  for (const capability of security.capabilities?.drop ?? []) options.push('--cap-drop', capability);
  for (const capability of security.capabilities?.add ?? []) options.push('--cap-add', capability);
  const limits = container.resources?.limits ?? {};
  if (limits.cpu) options.push('--cpus', String(cpus(limits.cpu)));
  if (limits.memory) options.push('--memory', memory(limits.memory));
  for (const [name, value] of Object.entries(environment(container, objects)))
    options.push('--env', `${name}=${value}`);

  for (const mount of container.volumeMounts ?? []) {
    const volume = (pod.volumes ?? []).find((v: Spec) => v.name === mount.name);
    if (!volume) throw new Error(`${container.name} mounts ${mount.name}, a volume the pod does not have`);
    if (volume.emptyDir) {
      options.push('--tmpfs', `${mount.mountPath}:rw,mode=1777`);
    } else if (volume.secret || volume.configMap) {
      const object = volume.secret
        ? find(objects, 'Secret', volume.secret.secretName)
        : find(objects, 'ConfigMap', volume.configMap.name);
      const dir = path.join(placement.scratch, placement.name, mount.name);
      mkdirSync(dir, { recursive: true });
      for (const [key, value] of Object.entries(entries(object!)))
        writeFileSync(path.join(dir, key), value, { mode: 0o644 });
      const source = mount.subPath ? path.join(dir, mount.subPath) : dir;
      options.push('--volume', `${source}:${mount.mountPath}:ro`);
    } else if (volume.hostPath) {
      // Open to whichever user the container runs as (the Job's init step does this in the cluster).
      const root = path.join(placement.scratch, 'host', volume.hostPath.path);
      const dir = path.join(root, mount.subPath ?? '');
      mkdirSync(dir, { recursive: true });
      for (const folder of [root, dir]) chmodSync(folder, 0o777);
      options.push('--volume', `${dir}:${mount.mountPath}`);
    } else {
      throw new Error(`${container.name}: volume ${mount.name} is of a kind this check does not run`);
    }
  }
  if (container.command?.length) options.push('--entrypoint', container.command[0]);
  options.push(container.image, ...(container.command ?? []).slice(1), ...(container.args ?? []));
  return options;
}
