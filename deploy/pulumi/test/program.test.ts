import * as pulumi from '@pulumi/pulumi';
import * as rpc from '@pulumi/pulumi/runtime/rpc.js';
import { beforeAll, describe, expect, it } from 'vitest';

interface Created {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/**
 * The Pulumi program run against Pulumi's mocks (no CLI, no AWS, no cluster): every resource it
 * would create is recorded with its inputs.
 */
describe('the Pulumi program', () => {
  const created: Created[] = [];
  let program: typeof import('../index.ts');

  const one = (type: string, name?: string) => {
    const found = created.filter((r) => r.type === type && (name === undefined || r.name === name));
    expect(found, `${type} ${name ?? ''}`).toHaveLength(1);
    return found[0]!.inputs;
  };
  const value = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

  beforeAll(async () => {
    pulumi.runtime.setAllConfig({ 'aws:region': 'eu-west-1', 'sso:domainPrefix': 'acme-sso-test' });
    await pulumi.runtime.setMocks(
      {
        newResource(args) {
          created.push({ type: args.type, name: args.name, inputs: args.inputs });
          const state: Record<string, unknown> = { ...args.inputs };
          if (args.type === 'aws:cognito/userPoolClient:UserPoolClient') state.clientSecret = `${args.name}-secret`;
          if (args.type === 'command:local:Command') state.stdout = 'apiVersion: v1\nkind: Config\n';
          return { id: `${args.name}-id`, state };
        },
        call: (args) =>
          args.token === 'aws:index/getRegion:getRegion' ? { name: 'eu-west-1', region: 'eu-west-1' } : {},
      },
      'sso',
      'test',
      false,
    );
    program = await import('../index.ts');
    // Registration is asynchronous: wait until the program has stopped creating resources.
    await value(pulumi.all([program.issuer, program.hostedUiUrl, program.clientIds, program.kubeContext]));
    for (let seen = -1; seen !== created.length; ) {
      seen = created.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it('makes a user pool that signs in by email, verifies email and can be deleted', () => {
    expect(one('aws:cognito/userPool:UserPool')).toMatchObject({
      usernameAttributes: ['email'],
      autoVerifiedAttributes: ['email'],
      deletionProtection: 'INACTIVE',
      passwordPolicy: { minimumLength: 8, requireSymbols: true },
    });
  });

  it('gives it the hosted UI domain from config', async () => {
    expect(one('aws:cognito/userPoolDomain:UserPoolDomain')).toMatchObject({
      domain: 'acme-sso-test',
      userPoolId: 'sso-products-id',
      managedLoginVersion: 1,
    });
    expect(await value(program.hostedUiUrl)).toBe('https://acme-sso-test.auth.eu-west-1.amazoncognito.com');
    expect(await value(program.issuer)).toBe('https://cognito-idp.eu-west-1.amazonaws.com/sso-products-id');
  });

  it('registers each product with the code grant and its exact callback and logout URLs', () => {
    for (const [name, port] of [
      ['product-a', 8000],
      ['product-b', 8001],
    ] as const) {
      expect(one('aws:cognito/userPoolClient:UserPoolClient', name)).toMatchObject({
        userPoolId: 'sso-products-id',
        generateSecret: true,
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ['code'],
        allowedOauthScopes: ['openid', 'email', 'profile'],
        callbackUrls: [`http://localhost:${port}/auth/callback`],
        logoutUrls: [`http://localhost:${port}/`],
        supportedIdentityProviders: ['COGNITO'],
      });
    }
    expect(one('aws:cognito/userPoolClient:UserPoolClient', 'product-b').refreshTokenRotation).toEqual({
      feature: 'ENABLED',
      retryGracePeriodSeconds: 10,
    });
  });

  it('makes the kind cluster from deploy/kind/cluster.yaml, or takes over one of that name, and deletes it on destroy', () => {
    const kind = one('command:local:Command', 'kind');
    expect(kind.create).toBe(
      "kind get clusters | grep -qx 'sso' || kind create cluster --name 'sso' --config '../kind/cluster.yaml' --wait 120s",
    );
    expect(kind.delete).toBe("kind delete cluster --name 'sso'");
    expect(one('pulumi:providers:kubernetes', 'kind').kubeconfig).toContain('kind: Config');
  });

  it('makes the cluster anew when its config changes, and then reads its kubeconfig again', () => {
    const hash = (one('command:local:Command', 'kind').triggers as string[])[0];
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    // The kubeconfig command follows the cluster: the same trigger, and the cluster's id.
    expect(one('command:local:Command', 'kind-kubeconfig').triggers).toEqual([hash, 'kind-id']);
  });

  it('hands each product its Cognito settings in the Secret the aws overlay reads', () => {
    expect(one('kubernetes:core/v1:Namespace').metadata).toMatchObject({ name: 'sso' });
    for (const product of ['product-a', 'product-b']) {
      const secret = one('kubernetes:core/v1:Secret', `${product}-cognito`);
      expect(secret.metadata).toMatchObject({ name: `${product}-cognito`, namespace: 'sso' });
      // Pulumi keeps it encrypted in its state (the client secret makes the whole value secret).
      const data = secret.stringData as Record<string, unknown>;
      expect(data[rpc.specialSigKey]).toBe(rpc.specialSecretSig);
      expect(data.value).toEqual({
        COGNITO_REGION: 'eu-west-1',
        COGNITO_USER_POOL_ID: 'sso-products-id',
        COGNITO_HOSTED_UI_URL: 'https://acme-sso-test.auth.eu-west-1.amazoncognito.com',
        COGNITO_CLIENT_ID: `${product}-id`,
        COGNITO_CLIENT_SECRET: `${product}-secret`,
      });
    }
  });
});
