import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

export interface AppNamespaceArgs {
  /**
   * The Pod Security level enforced in it: `restricted` for the apps, `privileged` for the e2e Job
   * (its report is a hostPath). The same labels as the local overlays' namespaces.
   */
  podSecurity: pulumi.Input<'restricted' | 'baseline' | 'privileged'>;
}

/**
 * A namespace of the aws overlays (sso, sso-e2e). Pulumi owns it because its Secrets live there:
 * the overlays leave it out, so that Skaffold's cleanup cannot delete them.
 */
export class AppNamespace extends pulumi.ComponentResource {
  readonly namespace: k8s.core.v1.Namespace;
  /** The namespace's name, known once it exists: Secrets placed in it wait for it. */
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: AppNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('sso:k8s:Namespace', name, {}, opts);
    this.namespace = new k8s.core.v1.Namespace(
      name,
      {
        metadata: {
          name,
          labels: { 'app.kubernetes.io/part-of': 'sso', 'pod-security.kubernetes.io/enforce': args.podSecurity },
        },
      },
      { parent: this },
    );
    this.name = this.namespace.metadata.name;
    this.registerOutputs({ name: this.name });
  }
}
