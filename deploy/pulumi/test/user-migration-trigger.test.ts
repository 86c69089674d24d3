import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import { CognitoUserPool } from '../src/cognito.ts';
import { bundledHandler, UserMigrationTrigger } from '../src/user-migration-trigger.ts';
import { type MockedRun, runMocked } from './mocked-program.ts';

const fixture = path.join(import.meta.dirname, 'fixtures/migration-handler.ts');

/** A pool with the trigger, as the program wires them, under Pulumi's mocks. */
async function program(vpc: boolean) {
  const trigger = new UserMigrationTrigger('user-migration', {
    code: new pulumi.asset.AssetArchive({
      'index.mjs': new pulumi.asset.StringAsset('export const handler = (e) => e;'),
    }),
    handler: 'index.handler',
    environment: { PRODUCT_A_DATABASE_URL: 'postgres://migration:secret@db.internal:5432/product_a' },
    vpc: vpc ? { subnetIds: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'] } : undefined,
  });
  const pool = new CognitoUserPool('pool', {
    region: 'eu-west-1',
    domainPrefix: 'acme',
    userMigration: { arn: trigger.function.arn, name: trigger.function.name },
  });
  return { trigger, pool };
}

describe("Cognito's user-migration trigger in AWS", () => {
  let run: MockedRun<Awaited<ReturnType<typeof program>>>;
  beforeAll(async () => {
    run = await runMocked({ 'aws:region': 'eu-west-1' }, () => program(true));
  }, 30_000);

  it('names the function in the pool and lets only that pool invoke it', async () => {
    const fn = run.one('aws:lambda/function:Function');
    const pool = run.one('aws:cognito/userPool:UserPool');
    expect(pool.dependsOn).toContain(fn.urn);
    expect(pool.inputs.lambdaConfig).toEqual({ userMigration: expect.any(String) });
    const permission = run.one('aws:lambda/permission:Permission');
    expect(permission.inputs).toMatchObject({
      action: 'lambda:InvokeFunction',
      principal: 'cognito-idp.amazonaws.com',
    });
    expect(permission.dependsOn).toEqual(expect.arrayContaining([fn.urn, pool.urn]));
  });

  it("gives up within Cognito's 5 s, runs on Node 24, keeps the database URL secret, and runs in the database's VPC", () => {
    const fn = run.one('aws:lambda/function:Function');
    expect(fn.inputs).toMatchObject({
      runtime: 'nodejs24.x',
      handler: 'index.handler',
      timeout: 5,
      vpcConfig: { subnetIds: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'] },
    });
    // The whole environment travels as a secret (kept encrypted in the state).
    expect(run.isSecret(fn.inputs.environment)).toBe(true);
    expect(fn.inputs.environment).toMatchObject({
      value: { variables: { PRODUCT_A_DATABASE_URL: 'postgres://migration:secret@db.internal:5432/product_a' } },
    });
    expect(fn.inputs.role).toBe('arn:aws:mock:aws:iam/role:Role:user-migration');
  });

  it('runs as a role only Lambda can assume, with logging and (in a VPC) network interfaces', () => {
    const role = run.one('aws:iam/role:Role');
    expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    const policies = run.resources
      .filter((r) => r.type === 'aws:iam/rolePolicyAttachment:RolePolicyAttachment')
      .map((r) => r.inputs.policyArn);
    expect(policies.sort()).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
    ]);
    // The function waits for its permissions: its first invocation can already write its logs.
    const fn = run.one('aws:lambda/function:Function');
    for (const attachment of run.resources.filter(
      (r) => r.type === 'aws:iam/rolePolicyAttachment:RolePolicyAttachment',
    ))
      expect(fn.dependsOn).toContain(attachment.urn);
  });
});

describe('the handler bundle', () => {
  it('is one ES module that runs with nothing installed beside it', async () => {
    const archive = bundledHandler(fixture);
    const assets = (await (archive as unknown as { assets: Promise<Record<string, pulumi.asset.StringAsset>> })
      .assets) as Record<string, { text: Promise<string> }>;
    expect(Object.keys(assets)).toEqual(['index.mjs']);
    const dir = mkdtempSync(path.join(tmpdir(), 'lambda-'));
    const file = path.join(dir, 'index.mjs');
    writeFileSync(file, await assets['index.mjs']!.text);
    const { handler } = await import(pathToFileURL(file).href);
    const event = await handler({ userName: 'erin@example.com', response: {} });
    expect(event.response.userAttributes).toEqual({
      email: 'erin@example.com',
      'custom:check': expect.stringMatching(/^[0-9a-f]{8}$/),
      'custom:pg': 'function',
    });
  });
});
