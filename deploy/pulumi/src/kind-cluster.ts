import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as command from '@pulumi/command';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

export interface KindClusterArgs {
  /** kind's cluster name; the kubeconfig context is `kind-<name>`. */
  clusterName: pulumi.Input<string>;
  /**
   * The kind config file, relative to the Pulumi project (where Pulumi runs commands), so that the
   * command is the same on every machine: `../kind/cluster.yaml`.
   */
  configFile: string;
  /** The Pulumi project's folder, to read the config file for its hash. */
  projectDir: string;
}

/** A word for `sh`: single-quoted, so that no name or path can become a command. */
export const shellQuote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * A local kind cluster made from deploy/kind/cluster.yaml (localhost:8000, :8001 and :9229 mapped to
 * the services), and a Kubernetes provider for it. Needs the `kind` CLI (on PATH) and Docker.
 * A cluster of that name that already exists (made by hand with `kind create cluster` from the
 * README) is adopted, not re-made, and stays its owner's: `pulumi destroy` leaves it. A cluster that
 * Pulumi made is deleted on destroy; a changed config file deletes it first, then makes it anew, and
 * its kubeconfig is read again.
 */
export class KindCluster extends pulumi.ComponentResource {
  readonly provider: k8s.Provider;
  readonly kubeContext: pulumi.Output<string>;

  constructor(name: string, args: KindClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('sso:kind:Cluster', name, {}, opts);
    const configHash = createHash('sha256')
      .update(readFileSync(path.resolve(args.projectDir, args.configFile)))
      .digest('hex');
    const clusterName = pulumi.output(args.clusterName).apply(shellQuote);
    const cluster = new command.local.Command(
      name,
      {
        // The last line of stdout says which it was; delete reads it back (PULUMI_COMMAND_STDOUT).
        create: pulumi.interpolate`if kind get clusters | grep -qx ${clusterName}; then echo adopted; else kind create cluster --name ${clusterName} --config ${shellQuote(args.configFile)} --wait 120s >&2 && echo created; fi`,
        delete: pulumi.interpolate`case "$PULUMI_COMMAND_STDOUT" in *adopted) echo "kind cluster "${clusterName}" was made outside Pulumi: left as it is" ;; *) kind delete cluster --name ${clusterName} ;; esac`,
        // A changed cluster file means a new cluster.
        triggers: [configHash],
      },
      // kind cannot make a second cluster of the same name: the old one goes first.
      { parent: this, deleteBeforeReplace: true },
    );
    const kubeconfig = new command.local.Command(
      `${name}-kubeconfig`,
      {
        create: pulumi.interpolate`kind get kubeconfig --name ${clusterName}`,
        // A new cluster has new credentials: read them again whenever the cluster is made anew.
        triggers: [configHash, cluster.id],
      },
      { parent: this, dependsOn: cluster, additionalSecretOutputs: ['stdout'] },
    );
    this.kubeContext = pulumi.interpolate`kind-${args.clusterName}`;
    // Credentials: secret in the state wherever they go.
    this.provider = new k8s.Provider(name, { kubeconfig: pulumi.secret(kubeconfig.stdout) }, { parent: this });
    this.registerOutputs({ kubeContext: this.kubeContext });
  }
}
