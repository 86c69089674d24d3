import { type Stack, startStack } from '@sso/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth } from './support/flows.ts';
import { type RawRequest, type RawResponse, send, sendBytes } from './support/raw-http.ts';

/**
 * Malformed requests, a few hundred, to all three services running as they are deployed. A fixed
 * seed makes every run send the same requests; FUZZ_SEED (and FUZZ_COUNT) replay or vary them.
 */
const seed = Number(process.env.FUZZ_SEED ?? 20_261_130);
const count = Number(process.env.FUZZ_COUNT ?? 300);

/** mulberry32: a small seeded generator, so that a failing request can be sent again. */
function seeded(start: number) {
  let state = start >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (below: number) => Math.floor(next() * below);
  return {
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
  };
}
type Random = ReturnType<typeof seeded>;

type Target = 'login-server' | 'product-a' | 'product-b';

const routes: Record<Target, string[]> = {
  'login-server': [
    '/oauth2/authorize',
    '/oauth2/token',
    '/oauth2/revoke',
    '/oauth2/userInfo',
    '/login',
    '/signup',
    '/confirmUser',
    '/resendCode',
    '/forgotPassword',
    '/confirmForgotPassword',
    '/changePassword',
    '/mfa',
    '/mfaSetup',
    '/logout',
    '/error',
    '/',
    '/mailbox',
    '/mailbox/messages',
    '/us-east-1_LocalPool/.well-known/openid-configuration',
    '/us-east-1_LocalPool/.well-known/jwks.json',
    '/oauth2/authorize/not-an-interaction',
    '/health',
    '/no/such/page',
  ],
  'product-a': ['/', '/account', '/admin', '/auth/login', '/auth/callback', '/auth/logout', '/auth/logout-everywhere'],
  'product-b': [
    '/',
    '/account',
    '/reports',
    '/auth/login',
    '/auth/callback',
    '/auth/logout',
    '/auth/logout-everywhere',
  ],
};
routes['product-a'].push('/assets/none.js', '/__manifest', '/no/such/page');
routes['product-b'].push('/assets/none.js', '/__manifest', '/no/such/page');

const parameterNames = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'nonce',
  'code',
  'code_challenge',
  'code_challenge_method',
  'code_verifier',
  'grant_type',
  'refresh_token',
  'token',
  'username',
  'password',
  'newPassword',
  'challenge',
  '_csrf',
  'returnTo',
  'logout_uri',
  'error',
  'to',
  'prompt',
  '_data',
  'p',
  'version',
  '__proto__',
  'constructor[prototype][x]',
  'a[]',
];

/** What a request may name that the stack really has. */
interface Known {
  callback: string;
  logoutUrl: string;
}

/** Values that are wrong in every way a parser can trip on (and a few right ones). */
function value(random: Random, known: Known): string {
  return random.pick([
    () => 'product-a',
    () => known.callback,
    () => random.pick(['code', 'token', 'code id_token', 'none', '']),
    () => random.pick(['openid', 'openid email profile phone aws.cognito.signin.user.admin', '']),
    () => random.pick(['authorization_code', 'refresh_token', 'client_credentials', 'password', 'urn:x']),
    () => 'S256',
    () => '%',
    () => '%E0%A4%A',
    () => '%FF%FE%00',
    () => '%C0%AF..%2F..%2Fetc%2Fpasswd',
    () => '\u00ff\u00fe', // bytes that are not UTF-8, on the wire as they are
    () => 'x'.repeat(1000 + random.int(8000)),
    () => '<script>alert(1)</script>',
    () => '../../../../etc/passwd',
    () => '//evil.example/',
    () => 'https://evil.example/auth/callback',
    () => '{"a":1}',
    () => String(random.int(2 ** 31)),
    () => '',
  ])();
}

/** A query or form body: parameters mixed, duplicated, long, badly encoded. */
function parameters(random: Random, known: Known, start: [string, string][] = []): string {
  const pairs = [...start];
  // A real request's parameters, one of them dropped or replaced, or none of them.
  if (pairs.length && random.chance(0.3)) pairs.splice(random.int(pairs.length), 1);
  if (pairs.length && random.chance(0.3)) pairs[random.int(pairs.length)]![1] = value(random, known);
  for (let i = random.int(start.length ? 3 : 8); i >= 0; i--) {
    pairs.push([random.pick(parameterNames), value(random, known)]);
    // The same parameter twice, with another value.
    if (random.chance(0.2)) pairs.push([pairs.at(-1)![0], value(random, known)]);
  }
  // Most values are sent as percent-encoding would make them; some as they are, raw.
  const raw = random.chance(0.3);
  const parts = pairs.map(([name, v]) => `${name}=${raw ? v : encodeURIComponent(v)}`);
  if (random.chance(0.1)) parts.push('&&=&=x&%=%');
  return parts.join('&').replace(/[\s#]/g, '+');
}

const contentTypes = [
  undefined,
  'application/x-www-form-urlencoded',
  'application/json',
  'application/x-amz-json-1.1',
  'text/plain',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/xml',
  'application/x-www-form-urlencoded; charset=utf-16',
  'application/json; charset=latin1',
  'garbage/;;;',
  '',
];

function body(random: Random, known: Known, contentType: string | undefined): Buffer | undefined {
  return random.pick([
    () => undefined,
    () => Buffer.from(parameters(random, known), 'latin1'),
    () => Buffer.from(JSON.stringify(amzInput(random, known))),
    () => Buffer.from('{"unterminated": '),
    () => Buffer.from(random.pick(['null', '[]', '"text"', '1e999', '{"__proto__":{"x":1}}'])),
    () => Buffer.from(`${'['.repeat(5000)}${']'.repeat(5000)}`),
    // Far over every limit (the services take some tens of KB at most).
    () => Buffer.alloc(256 * 1024 + random.int(1024 * 1024), contentType?.includes('json') ? '[' : 'a'),
    () => Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x00]),
    () => Buffer.from(`--x\r\nContent-Disposition: form-data; name="username"\r\n\r\nbob\r\n--x--\r\n`),
  ])();
}

const amzActions = [
  'SignUp',
  'ConfirmSignUp',
  'ResendConfirmationCode',
  'ForgotPassword',
  'ConfirmForgotPassword',
  'AdminCreateUser',
  'AdminSetUserPassword',
  'AdminGetUser',
  'AdminConfirmSignUp',
  'AdminUpdateUserAttributes',
  'AdminDisableUser',
  'AdminEnableUser',
  'AdminUserGlobalSignOut',
  'ListUsers',
  'DescribeUserPool',
  'CreateUserPoolClient',
  'DescribeUserPoolClient',
  'UpdateUserPoolClient',
  'ListUserPoolClients',
  'CreateGroup',
  'GetGroup',
  'UpdateGroup',
  'ListGroups',
  'AdminAddUserToGroup',
  'AdminRemoveUserFromGroup',
  'AdminListGroupsForUser',
  'ListUsersInGroup',
  'GetUser',
  'UpdateUserAttributes',
  'GetUserAttributeVerificationCode',
  'VerifyUserAttribute',
  'ChangePassword',
  'GlobalSignOut',
  'RevokeToken',
  'DeleteUser',
  'AssociateSoftwareToken',
  'VerifySoftwareToken',
  'SetUserMFAPreference',
  'AdminSetUserMFAPreference',
  'GetUserPoolMfaConfig',
];

/** An admin API input: the pool named (or not), fields of the wrong type, odd filters and limits. */
function amzInput(random: Random, known: Known): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (random.chance(0.8)) input.UserPoolId = random.chance(0.8) ? 'us-east-1_LocalPool' : value(random, known);
  const odd = () =>
    random.pick<unknown>([
      value(random, known),
      random.int(1e9) - 5e8,
      -1,
      1e308,
      null,
      true,
      [],
      {},
      [{ Name: 'email', Value: 1 }],
      [{ Name: '', Value: '' }],
      'a'.repeat(70_000),
    ]);
  for (let i = random.int(5); i >= 0; i--) {
    const field = random.pick([
      'Username',
      'Password',
      'ClientId',
      'ClientName',
      'SecretHash',
      'ConfirmationCode',
      'UserAttributes',
      'Filter',
      'Limit',
      'PaginationToken',
      'MaxResults',
      'NextToken',
      'CallbackURLs',
      'AllowedOAuthFlows',
      'AllowedOAuthScopes',
      'TokenValidityUnits',
      'RefreshTokenRotation',
      'MessageAction',
      'TemporaryPassword',
      'Permanent',
      'GroupName',
      'Description',
      'Precedence',
      'RoleArn',
      'AccessToken',
      'Token',
      'AttributeName',
      'Code',
      'PreviousPassword',
      'ProposedPassword',
      'Session',
      'UserCode',
      'FriendlyDeviceName',
      'SoftwareTokenMfaSettings',
      'SMSMfaSettings',
    ]);
    input[field] =
      field === 'Filter' && random.chance(0.5)
        ? random.pick(['email = "', 'email ^= "a"', 'nope = "x"', 'email = "\\"', '"'])
        : odd();
  }
  return input;
}

const amzTargets = [
  'AWSCognitoIdentityProviderService.ListUsers',
  'AWSCognitoIdentityProviderService.AdminGetUser',
  'AWSCognitoIdentityProviderService.SignUp',
  'AWSCognitoIdentityProviderService.__proto__',
  'AWSCognitoIdentityProviderService.constructor',
  'AWSCognitoIdentityProviderService.',
  'nonsense',
];

function headers(random: Random, contentType: string | undefined): [string, string][] {
  const list: [string, string][] = [];
  if (contentType !== undefined) list.push(['Content-Type', contentType]);
  if (random.chance(0.1) && contentType !== undefined) list.push(['Content-Type', random.pick(contentTypes) ?? 'x']);
  if (random.chance(0.3)) list.push(['X-Amz-Target', random.pick(amzTargets)]);
  if (random.chance(0.3)) {
    list.push([
      'Accept',
      random.pick(['text/html', 'application/json', '*/*', 'image/png', 'text/html;q=0, application/json;q=0', '']),
    ]);
  }
  if (random.chance(0.25)) {
    list.push([
      'Authorization',
      random.pick([
        basicAuth('product-a', 'wrong'),
        'Basic %%%',
        `Basic ${Buffer.from('no-colon').toString('base64')}`,
        `Basic ${Buffer.from('%E0%A4%A:%').toString('base64')}`,
        'Bearer not.a.jwt',
        'Bearer ',
        `Bearer ${'a'.repeat(4000)}`,
      ]),
    ]);
  }
  if (random.chance(0.25)) {
    list.push([
      'Cookie',
      random.pick([
        'cognito=%%%; cognito.sig=x',
        'product_a_session=garbage; product_b_session=%E0%A4%A',
        'product_a_session=s%3Aforged.sig; __proto__=x',
        `cognito-interaction=${'z'.repeat(3000)}`,
      ]),
    ]);
  }
  if (random.chance(0.1)) {
    list.push(['X-Forwarded-Host', random.pick(['evil.example', '[::1', 'a b', 'localhost:99999', ''])]);
  }
  if (random.chance(0.1)) list.push(['X-Forwarded-Proto', random.pick(['https', 'gopher', 'http,https', ''])]);
  if (random.chance(0.05)) list.push(['X-Oversized', 'h'.repeat(20_000 + random.int(40_000))]);
  if (random.chance(0.05)) for (let i = 0; i < 150; i++) list.push([`X-Many-${i}`, 'v']);
  return list;
}

/** A real request of the target (method, route and parameters), for the fuzz to bend. */
interface Template {
  method: string;
  route: string;
  query?: [string, string][];
  form?: [string, string][];
  json?: Record<string, unknown>;
  headers?: [string, string][];
}

function template(random: Random, known: Known, target: Target): Template {
  const authorize: [string, string][] = [
    ['client_id', 'product-a'],
    ['response_type', 'code'],
    ['redirect_uri', known.callback],
    ['scope', 'openid email profile'],
    ['state', 'state-1'],
    ['nonce', 'nonce-1'],
    ['code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'],
    ['code_challenge_method', 'S256'],
  ];
  const client: [string, string][] = [['Authorization', basicAuth('product-a', 'product-a-secret')]];
  const jwt = ['{"alg":"none"}', '{"alg":"RS256","kid":"x"}']
    .map(
      (header) =>
        `${Buffer.from(header).toString('base64url')}.${Buffer.from('{"sub":"x","scope":"openid"}').toString('base64url')}.sig`,
    )
    .concat('a.b.c');
  if (target === 'login-server') {
    return random.pick<() => Template>([
      () => ({ method: 'GET', route: '/oauth2/authorize', query: authorize }),
      () => ({
        method: 'POST',
        route: '/login',
        query: authorize,
        form: [
          ['username', 'dana@example.com'],
          ['password', 'x'],
          ['_csrf', 'x'],
        ],
      }),
      () => ({
        method: 'POST',
        route: random.pick(['/mfa', '/mfaSetup']),
        query: authorize,
        form: [
          ['challenge', random.pick(['', 'x', 'a'.repeat(200)])],
          ['code', random.pick(['123456', '', '１２３４５６', '12345678901234567890'])],
          ['_csrf', 'x'],
        ],
      }),
      () => ({
        method: 'POST',
        route: '/signup',
        query: authorize,
        form: [
          ['username', 'new@example.com'],
          ['password', 'Passw0rd!'],
          ['_csrf', 'x'],
        ],
      }),
      () => ({
        method: 'POST',
        route: '/oauth2/token',
        form: [
          ['grant_type', 'authorization_code'],
          ['code', 'x'],
          ['redirect_uri', known.callback],
          ['code_verifier', 'v'.repeat(43)],
        ],
        headers: client,
      }),
      () => ({
        method: 'POST',
        route: '/oauth2/token',
        form: [
          ['grant_type', 'refresh_token'],
          ['refresh_token', 'x'],
        ],
        headers: client,
      }),
      () => ({
        method: 'POST',
        route: '/oauth2/token',
        form: [
          ['grant_type', 'client_credentials'],
          ['client_id', 'product-a'],
          ['client_secret', 'product-a-secret'],
        ],
      }),
      () => ({
        method: 'POST',
        route: '/oauth2/revoke',
        form: [
          ['token', 'x'],
          ['client_id', 'product-a'],
        ],
      }),
      () => ({ method: 'POST', route: '/oauth2/revoke', form: [['token', 'x']], headers: client }),
      () => ({
        method: random.pick(['GET', 'POST']),
        route: '/oauth2/userInfo',
        headers: [['Authorization', `Bearer ${random.pick(jwt)}`]],
      }),
      () => ({
        method: 'GET',
        route: '/logout',
        query: [
          ['client_id', 'product-a'],
          ['logout_uri', known.logoutUrl],
        ],
      }),
      () => ({ method: 'GET', route: '/mailbox/messages', query: [['to', 'dana@example.com']] }),
      () => ({
        method: 'POST',
        route: '/',
        json: amzInput(random, known),
        headers: [
          ['Content-Type', 'application/x-amz-json-1.1'],
          ['X-Amz-Target', `AWSCognitoIdentityProviderService.${random.pick(amzActions)}`],
        ],
      }),
    ])();
  }
  return random.pick<() => Template>([
    () => ({
      method: 'POST',
      route: '/auth/login',
      form: [['returnTo', random.pick(['/account', '//evil.example', '/\\evil', 'javascript:x'])]],
    }),
    () => ({ method: 'GET', route: '/auth/login', query: [['returnTo', '/account']] }),
    () => ({
      method: 'GET',
      route: '/auth/callback',
      query: [
        ['code', 'x'],
        ['state', 'y'],
        ['iss', 'z'],
      ],
    }),
    () => ({
      method: 'GET',
      route: '/auth/callback',
      query: [
        ['error', 'access_denied'],
        ['error_description', 'no'],
        ['state', 'y'],
      ],
    }),
    () => ({ method: 'POST', route: '/auth/logout' }),
    () => ({ method: 'POST', route: '/auth/logout-everywhere' }),
    () => ({
      method: 'GET',
      route: random.pick(['/', '/account', '/admin', '/reports']),
      query: [['_data', random.pick(['root', 'routes/account', 'routes/_index', 'routes/nope'])]],
    }),
  ])();
}

interface FuzzCase {
  label: string;
  target: Target;
  /** Over the server's limits for a request line and headers (or a body it refuses unread): it may close the connection instead of answering. */
  oversized: boolean;
  send(origin: string): Promise<RawResponse>;
}

/** One request; its label says how to find it again (seed and index) and what it was. */
function fuzzCase(random: Random, index: number, stack: Stack): FuzzCase {
  const target = random.pick<Target>(['login-server', 'login-server', 'product-a', 'product-b']);
  const known = { callback: `${stack.productA.url}/auth/callback`, logoutUrl: `${stack.productA.url}/` };
  const label = (what: string) => `#${index} (FUZZ_SEED=${seed}) ${target}: ${what}`;

  if (random.chance(0.08)) {
    // What Node's own client refuses to write.
    const route = random.pick(routes[target]);
    const close = 'Connection: close\r\n';
    const bytes = random.pick([
      Buffer.from(`GET ${route} HTTP/1.0\r\n\r\n`, 'latin1'),
      Buffer.from(`POST ${route} HTTP/1.0\r\nContent-Length: 3\r\n\r\na=b`, 'latin1'),
      Buffer.from(`GET ${route}?q=\u00ff\u00fe%zz HTTP/1.1\r\nHost: localhost\r\n${close}\r\n`, 'latin1'),
      Buffer.from(`GET ${route} HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n${close}\r\n`, 'latin1'),
      Buffer.from(`G ET ${route} HTTP/1.1\r\nHost: localhost\r\n${close}\r\n`, 'latin1'),
      Buffer.from(`GET ${route} HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n${close}\r\n`, 'latin1'),
      Buffer.from(`GET /${'x'.repeat(70_000)} HTTP/1.1\r\nHost: localhost\r\n${close}\r\n`, 'latin1'),
    ]);
    const firstLine = bytes.toString('latin1').split('\r\n')[0]!;
    return {
      label: label(`raw ${firstLine.slice(0, 120)}`),
      target,
      oversized: bytes.length > 16 * 1024,
      send: (origin) => sendBytes(origin, bytes),
    };
  }

  let request: RawRequest;
  let contentType: string | undefined;
  if (random.chance(0.4)) {
    // A real request, bent: parameters dropped, replaced, repeated; sometimes the wrong method or body type.
    const real = template(random, known, target);
    const method = random.chance(0.85) ? real.method : random.pick(['GET', 'PUT', 'DELETE', 'PATCH']);
    const query = real.query || random.chance(0.3) ? `?${parameters(random, known, real.query)}` : '';
    let body: Buffer | undefined;
    if (real.json) body = Buffer.from(random.chance(0.9) ? JSON.stringify(real.json) : parameters(random, known));
    else if (real.form)
      body = Buffer.from(
        random.chance(0.9) ? parameters(random, known, real.form) : JSON.stringify(real.form),
        'latin1',
      );
    const given = real.headers ?? [];
    contentType = given.find(([name]) => name === 'Content-Type')?.[1];
    if (body && !contentType) {
      contentType = random.chance(0.8) ? 'application/x-www-form-urlencoded' : random.pick(contentTypes);
    }
    request = {
      method,
      path: `${real.route}${query}`,
      headers: [
        ...given.filter(([name]) => name !== 'Content-Type'),
        ...headers(random, contentType).filter(([name]) => !given.some(([g]) => g === name)),
      ],
      body,
    };
  } else {
    const method = random.chance(0.75)
      ? random.pick(['GET', 'POST'])
      : random.pick(['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'PURGE', 'SEARCH', 'MKCOL']);
    let path = random.pick(routes[target]);
    if (random.chance(0.1)) path += random.pick(['%', '%zz', '%00', '/%2e%2e/%2e%2e/etc/passwd', '\u00ff', '//', '/.']);
    if (random.chance(0.7)) path += `?${parameters(random, known)}`;
    if (random.chance(0.04)) path += `&long=${'u'.repeat(20_000 + random.int(60_000))}`;
    contentType = method === 'GET' && random.chance(0.7) ? undefined : random.pick(contentTypes);
    request = {
      method,
      path,
      headers: headers(random, contentType),
      body: method === 'GET' && random.chance(0.8) ? undefined : body(random, known, contentType),
      host: !random.chance(0.05),
    };
  }
  const { method, path } = request;
  const what = [
    method,
    path.length > 120 ? `${path.slice(0, 120)}… (${path.length} chars)` : path,
    contentType === undefined ? 'no content type' : `content type "${contentType}"`,
    request.body ? `${request.body.length} bytes` : 'no body',
    request.headers
      .filter(([name]) => name !== 'Content-Type')
      .map(([name, v]) => `${name}: ${v.length > 40 ? `${v.slice(0, 40)}… (${v.length})` : v}`)
      .join(', '),
    request.host === false ? 'no Host' : '',
  ]
    .filter(Boolean)
    .join(' | ');
  const headerBytes = path.length + request.headers.reduce((sum, [name, v]) => sum + name.length + v.length + 4, 0);
  const oversized = headerBytes > 16 * 1024 || (request.body?.length ?? 0) > 64 * 1024;
  return { label: label(what), target, oversized, send: (origin) => send(origin, request) };
}

/** Requests that once failed, sent on every run whatever the seed. */
function regressions(): FuzzCase[] {
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const cases: [Target, string, RawRequest][] = [
    ['product-a', 'TRACE (a method a Fetch Request cannot carry)', { method: 'TRACE', path: '/', headers: [] }],
    [
      'product-b',
      'X-Forwarded-Host with a port out of range',
      { method: 'GET', path: '/', headers: [['X-Forwarded-Host', 'localhost:99999']] },
    ],
    [
      'login-server',
      'revocation with Basic credentials that are not percent-encoding',
      {
        method: 'POST',
        path: '/oauth2/revoke',
        headers: [...Object.entries(form), ['Authorization', `Basic ${Buffer.from('%E0%A4%A:%').toString('base64')}`]],
        body: Buffer.from('token=x'),
      },
    ],
    [
      'login-server',
      'a NUL in client_id at /logout',
      { method: 'GET', path: '/logout?client_id=%00&logout_uri=x', headers: [] },
    ],
    [
      'login-server',
      'a NUL in client_id at /oauth2/authorize',
      { method: 'GET', path: '/oauth2/authorize?client_id=a%00&response_type=code', headers: [] },
    ],
    [
      'login-server',
      'a NUL in client_id at /oauth2/token',
      {
        method: 'POST',
        path: '/oauth2/token',
        headers: Object.entries(form),
        body: Buffer.from('grant_type=client_credentials&client_id=a%00&client_secret=x'),
      },
    ],
    [
      'login-server',
      'a NUL in a Username of the admin API',
      {
        method: 'POST',
        path: '/',
        headers: [
          ['Content-Type', 'application/x-amz-json-1.1'],
          ['X-Amz-Target', 'AWSCognitoIdentityProviderService.AdminGetUser'],
        ],
        body: Buffer.from(JSON.stringify({ UserPoolId: 'us-east-1_LocalPool', Username: 'a\u0000' })),
      },
    ],
    [
      'login-server',
      'client_secret_post (oidc-provider warns, on the console, of the body read before it)',
      {
        method: 'POST',
        path: '/oauth2/token',
        headers: Object.entries(form),
        body: Buffer.from('grant_type=authorization_code&code=x&client_id=product-a&client_secret=product-a-secret'),
      },
    ],
  ];
  return cases.map(([target, what, request]) => ({
    label: `regression ${target}: ${what}`,
    target,
    oversized: false,
    send: (origin) => send(origin, request),
  }));
}

/** A stack trace's frame, or a path that only the server's own files have. */
const leak =
  /\n\s+at [^\n]+:\d+:\d+|\bat (async )?[\w$.<>]+ \([^)]*:\d+:\d+\)|node_modules|file:\/\/|\.m?[jt]sx?:\d+:\d+/;

describe('malformed requests', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ logLevel: 'warn' });
  }, 180_000);
  afterAll(() => stack?.stop());

  it('never answer 5xx nor show how the server failed, and leave every service ready', async () => {
    const random = seeded(seed);
    const cases = [...regressions(), ...Array.from({ length: count }, (_, i) => fuzzCase(random, i, stack))];
    const problems: string[] = [];
    const serviceOf = (target: Target) => stack.services.find((s) => s.name === target)!;
    // Four at a time: a few hundred requests in seconds, without a flood the test machine feels.
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < cases.length) {
          const fuzz = cases[next++]!;
          let response: RawResponse;
          try {
            response = await fuzz.send(serviceOf(fuzz.target).url);
          } catch (error) {
            problems.push(`${fuzz.label}\n  → ${(error as Error).message}`);
            continue;
          }
          if (response.status === 0 && !fuzz.oversized) {
            problems.push(`${fuzz.label}\n  → the connection was closed without an answer`);
          }
          if (response.status >= 500) {
            problems.push(`${fuzz.label}\n  → ${response.status}: ${response.body.slice(0, 300)}`);
          }
          const leaked = leak.exec(response.body) ?? (response.body.includes(process.cwd()) ? [process.cwd()] : null);
          if (leaked) problems.push(`${fuzz.label}\n  → ${response.status} shows "${leaked[0]}"`);
        }
      }),
    );
    expect(problems).toEqual([]);

    for (const service of stack.services) {
      expect((await fetch(`${service.url}/ready`)).status, `${service.name} /ready`).toBe(200);
      expect(service.stderr, `${service.name} wrote outside its logger`).toEqual([]);
      for (const line of service.stdout) expect(() => JSON.parse(line), line).not.toThrow();
    }
  }, 120_000);
});
