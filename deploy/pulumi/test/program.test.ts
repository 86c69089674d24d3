import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shellQuote } from '../src/kind-cluster.ts';
import { type MockedRun, runMocked } from './mocked-program.ts';

type Program = typeof import('../index.ts');

const region = 'eu-west-1';
const hostedUi = 'https://acme-sso-test.auth.eu-west-1.amazoncognito.com';

/** The Pulumi program against Pulumi's mocks: what it makes, from what, in which order, what is secret. */
describe('the Pulumi program', () => {
  let run: MockedRun<Program>;
  const urnOf = (type: string, name?: string) => run.one(type, name).urn;

  beforeAll(async () => {
    run = await runMocked({ 'aws:region': region, 'sso:domainPrefix': 'acme-sso-test' }, () => import('../index.ts'));
  }, 30_000);

  it('makes a user pool that signs in by email, verifies email and can be deleted', () => {
    expect(run.one('aws:cognito/userPool:UserPool').inputs).toMatchObject({
      usernameAttributes: ['email'],
      autoVerifiedAttributes: ['email'],
      deletionProtection: 'INACTIVE',
      passwordPolicy: { minimumLength: 8, requireSymbols: true },
    });
  });

  it("makes no user-migration function unless product A's database is configured", () => {
    expect(run.resources.filter((r) => r.type.startsWith('aws:lambda/'))).toEqual([]);
    expect(run.one('aws:cognito/userPool:UserPool').inputs.lambdaConfig).toBeUndefined();
  });

  it('puts the hosted UI domain on that pool, and derives the issuer and hosted UI URL from them', async () => {
    const domain = run.one('aws:cognito/userPoolDomain:UserPoolDomain');
    expect(domain.dependsOn).toContain(urnOf('aws:cognito/userPool:UserPool'));
    expect(domain.inputs).toMatchObject({ domain: 'acme-sso-test', managedLoginVersion: 1 });
    expect(await run.value(run.program.hostedUiUrl)).toBe(hostedUi);
    expect(await run.value(run.program.issuer)).toBe(
      `https://cognito-idp.${region}.amazonaws.com/${await run.value(run.program.userPoolId)}`,
    );
  });

  it('registers each product on that pool with the code grant and exactly its callback and logout URLs', () => {
    const pool = urnOf('aws:cognito/userPool:UserPool');
    for (const [name, port] of [
      ['product-a', 8000],
      ['product-b', 8001],
    ] as const) {
      const client = run.one('aws:cognito/userPoolClient:UserPoolClient', name);
      expect(client.dependsOn).toContain(pool);
      expect(client.inputs).toMatchObject({
        generateSecret: true,
        allowedOauthFlows: ['code'],
        allowedOauthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
        callbackUrls: [`http://localhost:${port}/auth/callback`],
        logoutUrls: [`http://localhost:${port}/`],
        supportedIdentityProviders: ['COGNITO'],
      });
    }
    // Only product B rotates refresh tokens (the products differ there on purpose).
    expect(run.one('aws:cognito/userPoolClient:UserPoolClient', 'product-b').inputs.refreshTokenRotation).toEqual({
      feature: 'ENABLED',
      retryGracePeriodSeconds: 10,
    });
    expect(
      run.one('aws:cognito/userPoolClient:UserPoolClient', 'product-a').inputs.refreshTokenRotation,
    ).toBeUndefined();
  });

  describe('the kind cluster', () => {
    /** Runs one of the cluster's commands in sh, with a stand-in kind that knows `clusters`. */
    function sh(script: string, clusters: string[], env: Record<string, string> = {}) {
      const bin = mkdtempSync(path.join(tmpdir(), 'kind-'));
      const log = path.join(bin, 'calls');
      const listing = clusters.map((c) => `echo ${c}`).join('; ') || 'true';
      writeFileSync(
        path.join(bin, 'kind'),
        `#!/bin/sh\necho "$*" >> '${log}'\nif [ "$1 $2" = "get clusters" ]; then ${listing}; fi\nexit 0\n`,
        { mode: 0o755 },
      );
      const result = spawnSync('sh', ['-c', script], {
        encoding: 'utf8',
        env: { ...process.env, ...env, PATH: `${bin}:/usr/bin:/bin` },
      });
      const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
      return { status: result.status, stdout: result.stdout, calls: calls.filter((c) => c !== 'get clusters') };
    }
    const commands = () => run.one('command:local:Command', 'kind').inputs as { create: string; delete: string };

    it('makes the cluster from deploy/kind/cluster.yaml when there is none, and deletes it on destroy', () => {
      const made = sh(commands().create, ['other']);
      expect(made.status).toBe(0);
      expect(made.calls).toEqual(['create cluster --name sso --config ../kind/cluster.yaml --wait 120s']);
      const destroyed = sh(commands().delete, [], { PULUMI_COMMAND_STDOUT: made.stdout.trim() });
      expect(destroyed.calls).toEqual(['delete cluster --name sso']);
    });

    it('adopts a cluster of that name made by hand, and leaves it on destroy', () => {
      const adopted = sh(commands().create, ['sso']);
      expect(adopted.status).toBe(0);
      expect(adopted.calls).toEqual([]);
      const destroyed = sh(commands().delete, ['sso'], { PULUMI_COMMAND_STDOUT: adopted.stdout.trim() });
      expect(destroyed.status).toBe(0);
      expect(destroyed.calls).toEqual([]);
    });

    it('quotes names and paths, so that none can become a command', () => {
      for (const word of ["a'b $(id)", "sso'; touch /tmp/pwned; '", '`id`'])
        expect(sh(`printf %s ${shellQuote(word)}`, []).stdout).toBe(word);
    });
  });

  it('makes the cluster anew when its config changes, then reads its kubeconfig again, as a secret', () => {
    const cluster = run.one('command:local:Command', 'kind');
    const kubeconfig = run.one('command:local:Command', 'kind-kubeconfig');
    const hash = (cluster.inputs.triggers as string[])[0];
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(kubeconfig.inputs.triggers).toEqual([hash, 'kind-id']);
    expect(kubeconfig.dependsOn).toContain(cluster.urn);
    const provider = run.one('pulumi:providers:kubernetes', 'kind');
    expect(provider.dependsOn).toContain(kubeconfig.urn);
    expect(run.isSecret(provider.inputs.kubeconfig)).toBe(true);
  });

  it('creates everything in the cluster through the kind cluster provider, inside its component', () => {
    const provider = run.one('pulumi:providers:kubernetes', 'kind');
    const inCluster = run.resources.filter((r) => r.type.startsWith('kubernetes:'));
    expect(inCluster.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      'kubernetes:core/v1:Namespace sso',
      'kubernetes:core/v1:Namespace sso-e2e',
      'kubernetes:core/v1:Secret e2e-target',
      'kubernetes:core/v1:Secret product-a-cognito',
      'kubernetes:core/v1:Secret product-b-cognito',
    ]);
    for (const resource of inCluster) {
      expect(resource.provider, resource.name).toBe(`${provider.urn}::kind-id`);
      // Every child sits under one of the program's components (sso:...), never at the top.
      expect(resource.urn, resource.name).toMatch(/::sso:[a-z0-9]+:\w+\$kubernetes:/);
    }
    for (const resource of run.resources.filter((r) => r.type.startsWith('aws:') || r.type.startsWith('random:')))
      expect(resource.urn, resource.name).toMatch(/::sso:[a-z0-9]+:\w+\$(aws|random):/);
  });

  it('labels the namespaces as the local overlays do: restricted for the apps, privileged for the e2e Job', () => {
    expect(run.one('kubernetes:core/v1:Namespace', 'sso').inputs.metadata).toEqual({
      name: 'sso',
      labels: { 'app.kubernetes.io/part-of': 'sso', 'pod-security.kubernetes.io/enforce': 'restricted' },
    });
    expect(run.one('kubernetes:core/v1:Namespace', 'sso-e2e').inputs.metadata).toEqual({
      name: 'sso-e2e',
      labels: { 'app.kubernetes.io/part-of': 'sso', 'pod-security.kubernetes.io/enforce': 'privileged' },
    });
  });

  it("hands each product its client's settings in a secret Secret, made once the namespace and the client exist", () => {
    const namespace = urnOf('kubernetes:core/v1:Namespace', 'sso');
    for (const product of ['product-a', 'product-b']) {
      const secret = run.one('kubernetes:core/v1:Secret', `${product}-cognito`);
      expect(secret.dependsOn).toEqual(
        expect.arrayContaining([namespace, urnOf('aws:cognito/userPoolClient:UserPoolClient', product)]),
      );
      const data = secret.inputs.stringData as { value: Record<string, string> };
      expect(run.isSecret(data)).toBe(true);
      expect(data.value).toEqual({
        COGNITO_REGION: region,
        COGNITO_USER_POOL_ID: 'sso-products-id',
        COGNITO_HOSTED_UI_URL: hostedUi,
        COGNITO_CLIENT_ID: `${product}-id`,
        COGNITO_CLIENT_SECRET: `${product}-secret`,
      });
      expect((secret.inputs.metadata as { namespace: string }).namespace).toBe('sso');
    }
  });

  it('makes the e2e user confirmed and verified with a generated password, and the Secret the Job reads', async () => {
    const password = run.one('random:index/randomPassword:RandomPassword', 'e2e');
    expect(password.inputs).toMatchObject({ minUpper: 1, minLower: 1, minNumeric: 1, minSpecial: 1 });
    expect(password.inputs.length).toBeGreaterThanOrEqual(8);

    const user = run.one('aws:cognito/user:User', 'e2e');
    expect(user.dependsOn).toEqual(expect.arrayContaining([urnOf('aws:cognito/userPool:UserPool'), password.urn]));
    expect(user.inputs).toMatchObject({
      attributes: { email_verified: 'true' },
      messageAction: 'SUPPRESS',
    });
    expect(run.isSecret(user.inputs.password)).toBe(true);
    expect(user.inputs.temporaryPassword).toBeUndefined();

    const secret = run.one('kubernetes:core/v1:Secret', 'e2e-target');
    expect(secret.dependsOn).toEqual(
      expect.arrayContaining([user.urn, password.urn, urnOf('kubernetes:core/v1:Namespace', 'sso-e2e')]),
    );
    const data = secret.inputs.stringData as { value: Record<string, string> };
    expect(run.isSecret(data)).toBe(true);
    // The variables e2e/support/stack.ts reads on a real pool, with the password the user got.
    expect(data.value).toEqual({
      E2E_TARGET: 'cognito',
      LOGIN_SERVER_URL: hostedUi,
      E2E_USER_EMAIL: (user.inputs.attributes as { email: string }).email,
      E2E_USER_NAME: (user.inputs.attributes as { name: string }).name,
      E2E_PASSWORD: 'e2e-Pa55word!',
    });
    expect(await run.value(run.program.e2eSecret!)).toBe('sso-e2e/e2e-target');
  });
});
