import { beforeAll, describe, expect, it } from 'vitest';
import { type MockedRun, runMocked } from './mocked-program.ts';

type Program = typeof import('../index.ts');

/** The program with product A's database configured: its legacy users migrate at first sign-in. */
describe("the Pulumi program with product A's user migration", () => {
  let run: MockedRun<Program>;
  beforeAll(async () => {
    run = await runMocked(
      {
        'aws:region': 'eu-west-1',
        'sso:domainPrefix': 'acme-sso-test',
        'sso:productADatabaseUrl': 'postgres://migration:secret@product-a.internal:5432/product_a',
        'sso:userMigrationSubnetIds': '["subnet-a","subnet-b"]',
        'sso:userMigrationSecurityGroupIds': '["sg-product-a-db"]',
      },
      () => import('../index.ts'),
    );
  }, 60_000);

  it("ships product A's own handler, bundled, and names it in the pool with the right to invoke it", async () => {
    const fn = run.one('aws:lambda/function:Function');
    expect(fn.inputs).toMatchObject({
      handler: 'index.handler',
      vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-product-a-db'] },
    });
    // An AssetArchive again once the mock engine has it: its assets, and their text, are promises.
    const assets = await (fn.inputs.code as { assets: Promise<Record<string, { text: Promise<string> }>> }).assets;
    expect(Object.keys(assets)).toEqual(['index.mjs']);
    const code = await assets['index.mjs']!.text;
    // The handler checks the legacy hash in product A's table, with bcrypt, inside the bundle.
    expect(code).toContain('legacyPasswordHash');
    expect(code).toMatch(/bcrypt/i);
    expect(code).not.toMatch(/from ["'](pg|bcryptjs)["']/);
    expect(run.isSecret(fn.inputs.environment)).toBe(true);
    expect(fn.inputs.environment).toMatchObject({
      value: { variables: { PRODUCT_A_DATABASE_URL: 'postgres://migration:secret@product-a.internal:5432/product_a' } },
    });

    const pool = run.one('aws:cognito/userPool:UserPool');
    expect(pool.inputs.lambdaConfig).toEqual({
      userMigration: 'arn:aws:mock:aws:lambda/function:Function:user-migration',
    });
    expect(run.one('aws:lambda/permission:Permission').inputs).toMatchObject({
      function: 'user-migration-fn',
      principal: 'cognito-idp.amazonaws.com',
      sourceArn: 'arn:aws:mock:aws:cognito/userPool:UserPool:sso-products',
    });
  });
});
