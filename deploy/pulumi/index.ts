import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { CognitoUserPool, ProductClient } from './src/cognito.ts';
import { E2eUser } from './src/e2e-user.ts';
import { KindCluster } from './src/kind-cluster.ts';
import { AppNamespace } from './src/namespace.ts';
import { ProductCognitoSecret } from './src/product-secrets.ts';
import { bundledHandler, UserMigrationTrigger } from './src/user-migration-trigger.ts';

/**
 * `pulumi up`: the Cognito side (user pool, hosted domain, an app client per product, the e2e test
 * user, product A's user-migration function when its database is configured) and the cluster side (a kind cluster, the namespaces sso and sso-e2e, a Secret per product
 * with its Cognito settings, the Secret the e2e Job reads). Then `skaffold run -p aws` deploys the
 * products against it and `npm run kind:e2e -- -p aws` runs the suite.
 */
const config = new pulumi.Config('sso');
const region = aws.config.requireRegion();
const clusterName = config.get('clusterName') ?? 'sso';
const products = {
  'product-a': { appUrl: config.get('productAUrl') ?? 'http://localhost:8000', rotateRefreshTokens: false },
  'product-b': { appUrl: config.get('productBUrl') ?? 'http://localhost:8001', rotateRefreshTokens: true },
};

const projectDir = path.dirname(fileURLToPath(import.meta.url));

// Product A's legacy users migrate at their first sign-in (docs/decisions/0015) once the stack says
// where product A's database is: the function checks their old password there, so it needs that URL
// (a secret) and a network that reaches the database (subnets and security groups of its VPC).
const productADatabaseUrl = config.getSecret('productADatabaseUrl');
const subnetIds = config.getObject<string[]>('userMigrationSubnetIds');
const securityGroupIds = config.getObject<string[]>('userMigrationSecurityGroupIds');
const userMigration = productADatabaseUrl
  ? new UserMigrationTrigger('user-migration', {
      code: bundledHandler(path.join(projectDir, '../../apps/product-a/triggers/user-migration.ts')),
      handler: 'index.handler',
      environment: { PRODUCT_A_DATABASE_URL: productADatabaseUrl },
      vpc: subnetIds && securityGroupIds ? { subnetIds, securityGroupIds } : undefined,
    })
  : undefined;

const userPool = new CognitoUserPool('sso-products', {
  region,
  domainPrefix: config.require('domainPrefix'),
  userMigration: userMigration && { arn: userMigration.function.arn, name: userMigration.function.name },
});
const clients = Object.fromEntries(
  Object.entries(products).map(([name, product]) => [
    name,
    new ProductClient(name, { userPoolId: userPool.pool.id, ...product }),
  ]),
);

const existingContext = config.get('kubeContext') || `kind-${clusterName}`;
const cluster =
  config.getBoolean('createCluster') === false
    ? {
        kubeContext: pulumi.output(existingContext),
        provider: new k8s.Provider('existing', { context: existingContext }),
      }
    : new KindCluster('kind', { clusterName, configFile: '../kind/cluster.yaml', projectDir });
// Everything in the cluster goes through its provider (the components hand it to their children).
const inCluster = { provider: cluster.provider };

const apps = new AppNamespace('sso', { podSecurity: 'restricted' }, inCluster);
const e2eNamespace = new AppNamespace('sso-e2e', { podSecurity: 'privileged' }, inCluster);
for (const [name, { client }] of Object.entries(clients)) {
  new ProductCognitoSecret(
    name,
    {
      namespace: apps.name,
      region,
      userPoolId: userPool.pool.id,
      hostedUiUrl: userPool.hostedUiUrl,
      clientId: client.id,
      clientSecret: client.clientSecret,
    },
    inCluster,
  );
}

const e2e =
  config.getBoolean('e2eUser') === false
    ? undefined
    : new E2eUser(
        'e2e',
        {
          userPoolId: userPool.pool.id,
          hostedUiUrl: userPool.hostedUiUrl,
          email: config.get('e2eUserEmail') ?? 'e2e-tester@example.com',
          name: 'E2E Tester',
          namespace: e2eNamespace.name,
        },
        inCluster,
      );

export const issuer = userPool.issuer;
export const hostedUiUrl = userPool.hostedUiUrl;
export const userPoolId = userPool.pool.id;
export const clientIds = Object.fromEntries(Object.entries(clients).map(([name, { client }]) => [name, client.id]));
export const kubeContext = cluster.kubeContext;
/** The suite's user, and where its password is (the e2e Job reads that Secret). */
export const e2eUser = e2e?.user.username;
export const e2eSecret = e2e
  ? pulumi.interpolate`${e2e.secret.metadata.namespace}/${e2e.secret.metadata.name}`
  : undefined;
export const next = pulumi.interpolate`SSO_KUBE_CONTEXT=${cluster.kubeContext} npm run kind:e2e -- -p aws   # or: skaffold run -p aws --kube-context ${cluster.kubeContext}`;
