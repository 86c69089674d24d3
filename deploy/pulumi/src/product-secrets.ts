import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { CognitoSettings } from './cognito-settings.ts';

/** The namespace the aws overlay deploys into (same labels as deploy/k8s/base/namespace.yaml). */
export function appNamespace(provider: k8s.Provider): k8s.core.v1.Namespace {
  return new k8s.core.v1.Namespace(
    'sso',
    {
      metadata: {
        name: 'sso',
        labels: { 'app.kubernetes.io/part-of': 'sso', 'pod-security.kubernetes.io/enforce': 'restricted' },
      },
    },
    { provider },
  );
}

/**
 * The Secret `<product>-cognito` that the aws overlay adds to the product's environment: what the
 * product needs to sign in with this user pool (see docs/architecture.md, Settings).
 */
export function productCognitoSecret(
  product: string,
  args: {
    namespace: k8s.core.v1.Namespace;
    provider: k8s.Provider;
    region: pulumi.Input<string>;
    userPoolId: pulumi.Input<string>;
    hostedUiUrl: pulumi.Input<string>;
    clientId: pulumi.Input<string>;
    clientSecret: pulumi.Input<string>;
  },
): k8s.core.v1.Secret {
  return new k8s.core.v1.Secret(
    `${product}-cognito`,
    {
      metadata: { name: `${product}-cognito`, namespace: args.namespace.metadata.name },
      stringData: {
        COGNITO_REGION: args.region,
        COGNITO_USER_POOL_ID: args.userPoolId,
        COGNITO_HOSTED_UI_URL: args.hostedUiUrl,
        COGNITO_CLIENT_ID: args.clientId,
        COGNITO_CLIENT_SECRET: args.clientSecret,
      } satisfies CognitoSettings,
    },
    { provider: args.provider },
  );
}
