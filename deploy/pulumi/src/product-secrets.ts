import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { CognitoSettings } from './cognito-settings.ts';

export interface ProductCognitoSecretArgs {
  /** The namespace the product runs in (AppNamespace.name). */
  namespace: pulumi.Input<string>;
  region: pulumi.Input<string>;
  userPoolId: pulumi.Input<string>;
  hostedUiUrl: pulumi.Input<string>;
  clientId: pulumi.Input<string>;
  clientSecret: pulumi.Input<string>;
}

/**
 * The Secret `<product>-cognito` that the aws overlay adds to the product's environment: what the
 * product needs to sign in with this user pool (see docs/architecture.md, Settings).
 */
export class ProductCognitoSecret extends pulumi.ComponentResource {
  readonly secret: k8s.core.v1.Secret;

  constructor(product: string, args: ProductCognitoSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super('sso:k8s:ProductCognitoSecret', product, {}, opts);
    this.secret = new k8s.core.v1.Secret(
      `${product}-cognito`,
      {
        metadata: { name: `${product}-cognito`, namespace: args.namespace },
        stringData: {
          COGNITO_REGION: args.region,
          COGNITO_USER_POOL_ID: args.userPoolId,
          COGNITO_HOSTED_UI_URL: args.hostedUiUrl,
          COGNITO_CLIENT_ID: args.clientId,
          // A secret output: Pulumi keeps the whole Secret encrypted in its state.
          COGNITO_CLIENT_SECRET: pulumi.secret(args.clientSecret),
        } satisfies CognitoSettings,
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}
