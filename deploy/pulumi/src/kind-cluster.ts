import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as command from '@pulumi/command';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

/**
 * A local kind cluster made from deploy/kind/cluster.yaml (localhost:8000, :8001 and :9229 mapped to
 * the services), and a Kubernetes provider for it. Needs the `kind` CLI and Docker.
 */
export class KindCluster extends pulumi.ComponentResource {
  readonly provider: k8s.Provider;
  readonly kubeContext: string;

  constructor(name: string, args: { clusterName: string; configFile: string }, opts?: pulumi.ComponentResourceOptions) {
    super('sso:kind:Cluster', name, {}, opts);
    const cluster = new command.local.Command(
      name,
      {
        create: `kind create cluster --name ${args.clusterName} --config ${args.configFile} --wait 120s`,
        delete: `kind delete cluster --name ${args.clusterName}`,
        // A changed cluster file means a new cluster.
        triggers: [createHash('sha256').update(readFileSync(args.configFile)).digest('hex')],
      },
      { parent: this },
    );
    const kubeconfig = new command.local.Command(
      `${name}-kubeconfig`,
      { create: `kind get kubeconfig --name ${args.clusterName}` },
      { parent: this, dependsOn: cluster, additionalSecretOutputs: ['stdout'] },
    );
    this.kubeContext = `kind-${args.clusterName}`;
    this.provider = new k8s.Provider(name, { kubeconfig: kubeconfig.stdout }, { parent: this });
    this.registerOutputs({ kubeContext: this.kubeContext });
  }
}
