import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { CognitoUserPool, ProductClient } from './src/cognito.ts';
import { KindCluster } from './src/kind-cluster.ts';
import { appNamespace, productCognitoSecret } from './src/product-secrets.ts';

/**
 * `pulumi up`: the Cognito side (user pool, hosted domain, an app client per product) and the
 * cluster side (a kind cluster, the namespace, and a Secret per product with its Cognito settings).
 * Then `skaffold run -p aws` deploys the products against it.
 */
const config = new pulumi.Config('sso');
const region = aws.config.requireRegion();
const clusterName = config.get('clusterName') ?? 'sso';
const products = {
  'product-a': { appUrl: config.get('productAUrl') ?? 'http://localhost:8000', rotateRefreshTokens: false },
  'product-b': { appUrl: config.get('productBUrl') ?? 'http://localhost:8001', rotateRefreshTokens: true },
};

const userPool = new CognitoUserPool('sso-products', { region, domainPrefix: config.require('domainPrefix') });
const clients = Object.fromEntries(
  Object.entries(products).map(([name, product]) => [
    name,
    new ProductClient(name, { userPoolId: userPool.pool.id, ...product }),
  ]),
);

const projectDir = path.dirname(fileURLToPath(import.meta.url));
const existingContext = config.get('kubeContext') || `kind-${clusterName}`;
const cluster =
  config.getBoolean('createCluster') === false
    ? {
        kubeContext: pulumi.output(existingContext),
        provider: new k8s.Provider('existing', { context: existingContext }),
      }
    : new KindCluster('kind', { clusterName, configFile: '../kind/cluster.yaml', projectDir });
const namespace = appNamespace(cluster.provider);
for (const [name, { client }] of Object.entries(clients)) {
  productCognitoSecret(name, {
    namespace,
    provider: cluster.provider,
    region,
    userPoolId: userPool.pool.id,
    hostedUiUrl: userPool.hostedUiUrl,
    clientId: client.id,
    clientSecret: client.clientSecret,
  });
}

export const issuer = userPool.issuer;
export const hostedUiUrl = userPool.hostedUiUrl;
export const userPoolId = userPool.pool.id;
export const clientIds = Object.fromEntries(Object.entries(clients).map(([name, { client }]) => [name, client.id]));
export const kubeContext = cluster.kubeContext;
export const next = pulumi.interpolate`skaffold run -p aws --kube-context ${cluster.kubeContext}`;
