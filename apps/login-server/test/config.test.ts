import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/errors.ts';
import { defaultConfigFile, loadConfig, parsePoolConfig } from '../src/config/load.ts';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** The one setting without a default: where the data lives (never read by these tests). */
const database = { DATABASE_URL: 'postgres://login_server:secret@127.0.0.1:5432/login_server' };

describe('configuration', () => {
  it('gives Cognito-like defaults with an empty file', () => {
    const config = loadConfig({ ...database, LOGIN_SERVER_CONFIG: writeTemp('{}') });
    expect(config.server).toMatchObject({
      baseUrl: 'http://localhost:9229',
      region: 'us-east-1',
      userPoolId: 'us-east-1_LocalPool',
    });
    expect(config.issuer).toBe('http://localhost:9229/us-east-1_LocalPool');
    expect(config.pool.ssoSessionMinutes).toBe(60);
  });

  it('loads the bundled local pool with product A and B', () => {
    const config = loadConfig({ ...database, LOGIN_SERVER_CONFIG: defaultConfigFile });
    expect(config.clients.map((c) => c.clientId)).toEqual(['product-a', 'product-b']);
    expect(config.clients[0]?.tokenValidity).toEqual({ accessToken: 3600, idToken: 3600, refreshToken: 30 * 86400 });
  });

  it("gives an app client Cognito's ExplicitAuthFlows unless it names its own, never mixed with legacy names", () => {
    const client = { clientId: 'app', clientName: 'App', allowedOAuthFlows: [] };
    const [unset, named] = parsePoolConfig(
      { clients: [client, { ...client, clientId: 'app2', explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }] },
      'pool.yaml',
    ).clients;
    expect(unset?.explicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH']);
    expect(named?.explicitAuthFlows).toEqual(['ALLOW_USER_PASSWORD_AUTH']);
    expect(
      problemsOf(() =>
        parsePoolConfig(
          { clients: [{ ...client, explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ADMIN_NO_SRP_AUTH'] }] },
          'p',
        ),
      ),
    ).toEqual([expect.stringMatching(/^clients\[0\]\.explicitAuthFlows: cannot mix/)]);
  });

  it('names every bad key', () => {
    const problems = problemsOf(() =>
      parsePoolConfig(
        {
          server: { userPoolId: 'nope', colour: 'blue' },
          clients: [
            {
              clientId: 'a',
              clientName: 'A',
              callbackUrls: ['http://example.com/cb', 'https://ok.example.com/cb#frag'],
              tokenValidity: { accessToken: '2d' },
            },
          ],
          users: [{ email: 'not-an-email', password: 'x' }],
        },
        'pool.yaml',
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^server\.userPoolId: must look like us-east-1_LocalPool/),
        expect.stringMatching(/^server: Unrecognized key: "colour"/),
        expect.stringMatching(/^clients\[0\]\.callbackUrls\[0\]: must use https/),
        expect.stringMatching(/^clients\[0\]\.callbackUrls\[1\]: must not contain a fragment/),
        expect.stringMatching(/^clients\[0\]\.tokenValidity\.accessToken: must be between 5 minutes and 1 days/),
        expect.stringMatching(/^users\[0\]\.email: /),
      ]),
    );
  });

  it('takes a module path or an http(s) URL per trigger, and names a bad one', () => {
    const { triggers } = parsePoolConfig(
      { triggers: { userMigration: '../handlers/migrate.js', preTokenGeneration: 'https://hooks.example.com/pre' } },
      'pool',
    );
    expect(triggers).toEqual({
      userMigration: '../handlers/migrate.js',
      preTokenGeneration: 'https://hooks.example.com/pre',
    });
    expect(
      problemsOf(() =>
        parsePoolConfig(
          {
            triggers: {
              preSignUp: 'ftp://x/y',
              customMessage: 'https://hook:s3cret@hooks.example.com/m',
              onSignIn: 'a.js',
            },
          },
          'pool',
        ),
      ),
    ).toEqual([
      'triggers.preSignUp: must be an http(s) URL or the path of a JavaScript module',
      'triggers.customMessage: must not carry a user name or password: put credentials in the handler, not its URL',
      'triggers: Unrecognized key: "onSignIn"',
    ]);
  });

  it('names a bad environment variable', () => {
    expect(problemsOf(() => loadConfig({ DATABASE_URL: 'mysql://x', LOGIN_SERVER_PORT: 'eighty' }))).toEqual([
      expect.stringMatching(/^LOGIN_SERVER_PORT: /),
      expect.stringMatching(/^DATABASE_URL: must be a PostgreSQL URL/),
    ]);
  });

  it('says which file cannot be read or parsed', () => {
    expect(problemsOf(() => loadConfig({ ...database, LOGIN_SERVER_CONFIG: '/nonexistent/pool.yaml' }))).toEqual([
      'cannot read the file (ENOENT)',
    ]);
    expect(problemsOf(() => loadConfig({ ...database, LOGIN_SERVER_CONFIG: writeTemp('clients: [') }))[0]).toMatch(
      /not valid YAML/,
    );
  });

  it('lets the environment override the server settings', () => {
    const config = loadConfig({
      ...database,
      LOGIN_SERVER_CONFIG: writeTemp('{}'),
      LOGIN_SERVER_BASE_URL: 'https://auth.example.com/',
      LOGIN_SERVER_PORT: '8080',
    });
    expect(config.server.port).toBe(8080);
    expect(config.issuer).toBe('https://auth.example.com/us-east-1_LocalPool');
  });
});

function writeTemp(content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pool-')), 'pool.yaml');
  writeFileSync(file, content);
  return file;
}
