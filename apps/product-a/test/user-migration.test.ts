import { openProductADatabase, type ProductADatabase } from '@sso/product-db/product-a';
import { testDatabase } from '@sso/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Cognito's UserMigration_Authentication event, as the login server (or Cognito) sends it. */
const migrationEvent = (userName: string, password: string, triggerSource = 'UserMigration_Authentication') => ({
  version: '1',
  triggerSource,
  region: 'us-east-1',
  userPoolId: 'us-east-1_LocalPool',
  userName,
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'product-a' },
  request: { password, validationData: {} },
  response: {
    userAttributes: null,
    finalUserStatus: null,
    messageAction: null,
    desiredDeliveryMediums: null,
    forceAliasCreation: null,
    enableSMSMFA: null,
  },
});

/** Product A's user migration handler against product A's seeded database (Erin's bcrypt hash). */
describe('product A user migration trigger', () => {
  let db: ProductADatabase;
  let handler: typeof import('../triggers/user-migration.ts').handler;

  beforeAll(async () => {
    const url = await testDatabase('product_a');
    db = await openProductADatabase(url);
    process.env.PRODUCT_A_DATABASE_URL = url;
    ({ handler } = await import('../triggers/user-migration.ts'));
  });
  afterAll(async () => {
    await db?.close();
    delete process.env.PRODUCT_A_DATABASE_URL;
  });

  it('vouches for a legacy user with the right password: confirmed, no message, a verified email', async () => {
    const answer = await handler(migrationEvent('Erin@Example.com', 'Legacy-Passw0rd!'));
    expect(answer.response).toEqual({
      userAttributes: { email: 'erin@example.com', email_verified: 'true', name: 'Erin Evans' },
      finalUserStatus: 'CONFIRMED',
      messageAction: 'SUPPRESS',
      desiredDeliveryMediums: null,
      forceAliasCreation: null,
      enableSMSMFA: null,
    });
    const row = await db.prisma.user.findUnique({ where: { email: 'erin@example.com' } });
    expect(row?.legacyPasswordHash).toMatch(/^\$2[aby]\$10\$/);
  });

  it('refuses a wrong password, a user with no legacy password and an unknown one', async () => {
    await expect(handler(migrationEvent('erin@example.com', 'Passw0rd!'))).rejects.toThrow('Bad password');
    await expect(handler(migrationEvent('alice@example.com', 'Passw0rd!'))).rejects.toThrow('Bad password');
    await expect(handler(migrationEvent('nobody@example.com', 'Legacy-Passw0rd!'))).rejects.toThrow('Bad password');
  });

  it('moves a legacy user over to reset the password in the forgot-password flow', async () => {
    const answer = await handler(migrationEvent('erin@example.com', '', 'UserMigration_ForgotPassword'));
    expect(answer.response).toMatchObject({ finalUserStatus: 'RESET_REQUIRED', messageAction: 'SUPPRESS' });
  });
});
