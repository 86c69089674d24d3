import { describe, expect, it } from 'vitest';
import { readSettings, SettingsError } from '../src/settings.server.ts';

const local = {
  PORT: '8000',
  APP_URL: 'http://localhost:8000/',
  DATABASE_URL: 'postgres://product_a:secret@127.0.0.1:5432/product_a',
  SESSION_SECRET: 'a'.repeat(32),
  COGNITO_CLIENT_ID: 'product-a',
  COGNITO_CLIENT_SECRET: 'secret',
  COGNITO_ISSUER: 'http://localhost:9229/us-east-1_LocalPool',
  COGNITO_HOSTED_UI_URL: 'http://localhost:9229',
};

describe('product settings', () => {
  it('reads the local stack’s settings', () => {
    const settings = readSettings(local);
    expect(settings).toMatchObject({
      port: 8000,
      host: '127.0.0.1',
      appUrl: 'http://localhost:8000',
      redirectUri: 'http://localhost:8000/auth/callback',
      logoutUri: 'http://localhost:8000/',
      secureCookies: false,
      cognito: {
        issuer: local.COGNITO_ISSUER,
        scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
      },
      sessionCheckSeconds: 60,
    });
  });

  it('re-checks sessions as often as SESSION_CHECK_SECONDS says (whole seconds, at least 1)', () => {
    expect(readSettings({ ...local, SESSION_CHECK_SECONDS: '2' }).sessionCheckSeconds).toBe(2);
    for (const bad of ['0', '-5', '1.5', 'soon']) {
      expect(() => readSettings({ ...local, SESSION_CHECK_SECONDS: bad }), bad).toThrow(/SESSION_CHECK_SECONDS: /);
    }
  });

  it('seeds the demo users only when DEMO_SEED=true says so', () => {
    expect(readSettings(local).seedDemoData).toBe(false);
    expect(readSettings({ ...local, DEMO_SEED: 'false' }).seedDemoData).toBe(false);
    expect(readSettings({ ...local, DEMO_SEED: 'true' }).seedDemoData).toBe(true);
    expect(() => readSettings({ ...local, DEMO_SEED: 'yes' })).toThrow(/DEMO_SEED: /);
  });

  it('derives the issuer of a real pool and makes cookies Secure on https', () => {
    const { COGNITO_ISSUER: _, ...rest } = local;
    const settings = readSettings({
      ...rest,
      APP_URL: 'https://a.example.com',
      COGNITO_REGION: 'eu-west-1',
      COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
      COGNITO_HOSTED_UI_URL: 'https://acme.auth.eu-west-1.amazoncognito.com',
    });
    expect(settings.cognito.issuer).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123');
    expect(settings.secureCookies).toBe(true);
  });

  it('names every bad key', () => {
    const { COGNITO_ISSUER: _, ...noIssuer } = local;
    try {
      readSettings({ ...noIssuer, PORT: 'eighty', SESSION_SECRET: 'short', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      const message = (error as Error).message;
      expect(message).toMatch(/PORT: /);
      expect(message).toMatch(/SESSION_SECRET\[0\]: each secret must be at least 32 characters/);
      expect(message).toMatch(/DATABASE_URL: must be a PostgreSQL URL/);
      expect(message).toMatch(/COGNITO_ISSUER: set COGNITO_ISSUER, or COGNITO_REGION and COGNITO_USER_POOL_ID/);
    }
  });
});
