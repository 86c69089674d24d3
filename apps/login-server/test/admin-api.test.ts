import { createHmac } from 'node:crypto';
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CodeMismatchException,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InvalidParameterException,
  InvalidPasswordException,
  ListUserPoolClientsCommand,
  ListUsersCommand,
  NotAuthorizedException,
  ResourceNotFoundException,
  SignUpCommand,
  UpdateUserPoolClientCommand,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { asPage, asRedirect, Browser } from '@sso/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, codeClientInput, useSdkClient } from './support/cognito-api.ts';
import { authorizeRequest, basicAuth, form, refreshGrant, signInForTokens } from './support/flows.ts';
import { mailedCode, mailedMessages } from './support/mailbox.ts';
import { password, testClients, useTestServer } from './support/server.ts';

/** Cognito's API driven by AWS's own SDK, pointed at the local server. */
describe('admin API with the AWS SDK', () => {
  const server = useTestServer();
  const cognito = useSdkClient(server);
  let UserPoolId: string;

  beforeAll(async () => {
    UserPoolId = server.config.server.userPoolId;
  });

  const secretHash = (username: string, clientId: string, secret: string) =>
    createHmac('sha256', secret)
      .update(username + clientId)
      .digest('base64');

  it('signs up and confirms with the mailed code (SignUp, ConfirmSignUp)', async () => {
    const { id, secret } = testClients.productA;
    const Username = 'sdk-signup@example.com';
    const out = await cognito.send(
      new SignUpCommand({
        ClientId: id,
        Username,
        Password: password,
        SecretHash: secretHash(Username, id, secret),
        UserAttributes: [{ Name: 'name', Value: 'Sid Kay' }],
      }),
    );
    expect(out.UserConfirmed).toBe(false);
    expect(out.UserSub).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.CodeDeliveryDetails).toEqual({
      Destination: 's***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });

    await expect(
      cognito.send(
        new ConfirmSignUpCommand({
          ClientId: id,
          Username,
          ConfirmationCode: '000000',
          SecretHash: secretHash(Username, id, secret),
        }),
      ),
    ).rejects.toBeInstanceOf(CodeMismatchException);
    await cognito.send(
      new ConfirmSignUpCommand({
        ClientId: id,
        Username,
        ConfirmationCode: await mailedCode(server.baseUrl, Username),
        SecretHash: secretHash(Username, id, secret),
      }),
    );
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId, Username }));
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'email', Value: Username },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Sid Kay' },
      ]),
    );
  });

  it("raises Cognito's exceptions for sign-up mistakes", async () => {
    const { id, secret } = testClients.productA;
    const send = (Username: string, Password: string, hash: string | null = secretHash(Username, id, secret)) =>
      cognito.send(new SignUpCommand({ ClientId: id, Username, Password, SecretHash: hash ?? undefined }));
    await expect(send('alice@example.com', password)).rejects.toBeInstanceOf(UsernameExistsException);
    await expect(send('weak@example.com', 'short')).rejects.toBeInstanceOf(InvalidPasswordException);
    await expect(send('not-an-email', password)).rejects.toThrow('Username should be an email.');
    await expect(send('nohash@example.com', password, null)).rejects.toThrow(/SECRET_HASH was not received/);
    await expect(send('badhash@example.com', password, 'AAAA')).rejects.toBeInstanceOf(NotAuthorizedException);
    await expect(
      cognito.send(new SignUpCommand({ ClientId: 'nope', Username: 'x@example.com', Password: password })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('creates, reads, changes, disables and deletes users (Admin*)', async () => {
    const Username = 'admin-made@example.com';
    const created = await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username,
        TemporaryPassword: 'Temp-0rary-pass!',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: Username },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    expect(created.User).toMatchObject({ Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD' });
    expect(created.User?.UserCreateDate).toBeInstanceOf(Date);
    await expect(
      cognito.send(new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: 'SUPPRESS' })),
    ).rejects.toBeInstanceOf(UsernameExistsException);

    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password: password, Permanent: true }));
    await cognito.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId,
        Username,
        UserAttributes: [{ Name: 'name', Value: 'Ada Min' }],
      }),
    );
    await expect(
      cognito.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId,
          Username,
          UserAttributes: [{ Name: 'custom:nope', Value: 'x' }],
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    let user = await cognito.send(new AdminGetUserCommand({ UserPoolId, Username }));
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserAttributes).toContainEqual({ Name: 'name', Value: 'Ada Min' });

    await cognito.send(new AdminDisableUserCommand({ UserPoolId, Username }));
    user = await cognito.send(new AdminGetUserCommand({ UserPoolId, Username }));
    expect(user.Enabled).toBe(false);
    await cognito.send(new AdminEnableUserCommand({ UserPoolId, Username }));
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId, Username }));
    await expect(cognito.send(new AdminGetUserCommand({ UserPoolId, Username }))).rejects.toBeInstanceOf(
      UserNotFoundException,
    );
  });

  it('sends an invitation with a temporary password unless suppressed, and confirms by admin', async () => {
    const Username = 'invited@example.com';
    await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username }));
    const [invite] = await mailedMessages(server.baseUrl, Username);
    expect(invite?.body).toMatch(/temporary password is \S{8,}/);

    const { id, secret } = testClients.productA;
    const pending = 'pending@example.com';
    await cognito.send(
      new SignUpCommand({
        ClientId: id,
        Username: pending,
        Password: password,
        SecretHash: secretHash(pending, id, secret),
      }),
    );
    await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId, Username: pending }));
    const confirmed = await cognito.send(new AdminGetUserCommand({ UserPoolId, Username: pending }));
    expect(confirmed.UserStatus).toBe('CONFIRMED');
    // Confirmed by an administrator, the email is not proven: it stays unverified, as in Cognito.
    expect(confirmed.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'false' });
    await expect(cognito.send(new AdminConfirmSignUpCommand({ UserPoolId, Username: pending }))).rejects.toBeInstanceOf(
      NotAuthorizedException,
    );
  });

  it('lists users with filters and pages', async () => {
    for (const n of [1, 2, 3]) {
      await cognito.send(
        new AdminCreateUserCommand({ UserPoolId, Username: `page-${n}@example.com`, MessageAction: 'SUPPRESS' }),
      );
    }
    const exact = await cognito.send(new ListUsersCommand({ UserPoolId, Filter: 'email = "alice@example.com"' }));
    expect(exact.Users?.map((u) => u.Attributes?.find((a) => a.Name === 'email')?.Value)).toEqual([
      'alice@example.com',
    ]);

    const seen: string[] = [];
    let PaginationToken: string | undefined;
    do {
      const page = await cognito.send(
        new ListUsersCommand({ UserPoolId, Filter: 'email ^= "page-"', Limit: 2, PaginationToken }),
      );
      expect(page.Users!.length).toBeLessThanOrEqual(2);
      seen.push(...page.Users!.map((u) => u.Attributes!.find((a) => a.Name === 'email')!.Value!));
      PaginationToken = page.PaginationToken;
    } while (PaginationToken);
    expect(seen.sort()).toEqual(['page-1@example.com', 'page-2@example.com', 'page-3@example.com']);

    const status = await cognito.send(
      new ListUsersCommand({ UserPoolId, Filter: 'cognito:user_status = "FORCE_CHANGE_PASSWORD"' }),
    );
    expect(status.Users!.every((u) => u.UserStatus === 'FORCE_CHANGE_PASSWORD')).toBe(true);
    await expect(cognito.send(new ListUsersCommand({ UserPoolId, Filter: 'email == alice' }))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
    await expect(cognito.send(new ListUsersCommand({ UserPoolId: 'us-east-1_Other' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('creates an app client that works at once for a code + PKCE sign-in, then updates and deletes it', async () => {
    const callback = 'http://localhost:7000/callback';
    const created = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId,
        ClientName: 'Made by the SDK',
        GenerateSecret: true,
        CallbackURLs: [callback],
        LogoutURLs: ['http://localhost:7000/'],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
        AllowedOAuthFlowsUserPoolClient: true,
        AccessTokenValidity: 30,
        TokenValidityUnits: { AccessToken: 'minutes' },
      }),
    );
    const client = created.UserPoolClient!;
    expect(client.ClientId).toMatch(/^[a-z0-9]{26}$/);
    expect(client.ClientSecret).toHaveLength(51);
    expect(client).toMatchObject({ AccessTokenValidity: 30, TokenValidityUnits: { AccessToken: 'minutes' } });

    const app = { id: client.ClientId!, secret: client.ClientSecret!, callback };
    const tokens = await signInForTokens(server.baseUrl, app, 'alice@example.com', password);
    expect(tokens.expires_in).toBe(1800);

    const described = await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId: app.id }));
    expect(described.UserPoolClient?.CallbackURLs).toEqual([callback]);
    const listed = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId, MaxResults: 60 }));
    expect(listed.UserPoolClients?.map((c) => c.ClientId)).toEqual(
      expect.arrayContaining([testClients.productA.id, app.id]),
    );

    // An update replaces the settings: the old callback stops working at once.
    const moved = 'http://localhost:7001/callback';
    await cognito.send(
      new UpdateUserPoolClientCommand({
        UserPoolId,
        ClientId: app.id,
        CallbackURLs: [moved],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid'],
        AllowedOAuthFlowsUserPoolClient: true,
      }),
    );
    const old = await new Browser().visit(authorizeRequest(server.baseUrl, app).url, callback);
    expect(old).not.toBeInstanceOf(URL);
    expect(asPage(old).url).toContain('/error?error=redirect_mismatch');

    await cognito.send(new DeleteUserPoolClientCommand({ UserPoolId, ClientId: app.id }));
    await expect(
      cognito.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId: app.id })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    const token = await fetch(`${server.baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: { ...form, authorization: basicAuth(app.id, app.secret) },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', redirect_uri: moved }),
    });
    expect(token.status).toBe(401);
  });

  it('refuses a client whose settings are wrong, naming the field', async () => {
    await expect(
      cognito.send(
        new CreateUserPoolClientCommand({
          UserPoolId,
          ClientName: 'Bad',
          CallbackURLs: ['http://example.com/callback'],
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid'],
          AllowedOAuthFlowsUserPoolClient: true,
        }),
      ),
    ).rejects.toThrow(/CallbackURLs\[0\]: must use https/);
  });

  it('refuses callback and logout URLs that can never work, on create and on update', async () => {
    const settings = (urls: { CallbackURLs?: string[]; LogoutURLs?: string[] }) => codeClientInput('URLs', urls);
    const refused: [string, RegExp][] = [
      ['javascript:alert(document.cookie)', /must not use the javascript: scheme/],
      ['JavaScript://%0aalert(1)', /must not use the javascript: scheme/],
      ['data:text/html,<script>alert(1)</script>', /must not use the data: scheme/],
      ['file:///etc/passwd', /must not use the file: scheme/],
      ['vbscript:msgbox(1)', /must not use the vbscript: scheme/],
      ['https://app.example.com/callback#token', /must not contain a fragment/],
      ['http://app.example.com/callback', /must use https/],
      ['https://app.example.com/call back', /must not contain spaces/],
      ['/relative/callback', /must be an absolute URL/],
      [`https://app.example.com/${'a'.repeat(1024)}`, /must be at most 1024 characters/],
    ];
    const { UserPoolClient: made } = await cognito.send(new CreateUserPoolClientCommand(settings({})));
    for (const [url, problem] of refused) {
      for (const field of ['CallbackURLs', 'LogoutURLs'] as const) {
        const create = cognito.send(new CreateUserPoolClientCommand(settings({ [field]: [url] })));
        await expect(create, `${field} ${url}`).rejects.toBeInstanceOf(InvalidParameterException);
        await expect(create).rejects.toThrow(new RegExp(`${field}\\[0\\]: ${problem.source}`));
        const update = cognito.send(
          new UpdateUserPoolClientCommand({ ...settings({ [field]: [url] }), ClientId: made!.ClientId }),
        );
        await expect(update, `${field} ${url}`).rejects.toBeInstanceOf(InvalidParameterException);
      }
    }
    // Nothing refused was stored.
    const kept = await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId: made!.ClientId }));
    expect(kept.UserPoolClient).toMatchObject({ CallbackURLs: ['https://app.example.com/callback'], LogoutURLs: [] });

    // What Cognito allows: https, http on localhost, and an app's own scheme.
    const allowed = [
      'https://app.example.com/cb',
      'http://localhost:3000/cb',
      'http://127.0.0.1/cb',
      'myapp://callback',
      'com.example.app:/oauth2redirect',
    ];
    const { UserPoolClient: ok } = await cognito.send(
      new CreateUserPoolClientCommand(settings({ CallbackURLs: allowed, LogoutURLs: allowed })),
    );
    expect(ok).toMatchObject({ CallbackURLs: allowed, LogoutURLs: allowed });
  });

  it('signs a user out globally: refresh tokens and their access tokens die, the hosted session lives', async () => {
    const app = testClients.productA;
    const browser = new Browser();
    const tokens = await signInForTokens(server.baseUrl, app, 'bob@example.com', password, browser);
    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId, Username: 'bob@example.com' }));

    const refreshed = await refreshGrant(server.baseUrl, app, tokens.refresh_token);
    expect(await refreshed.json()).toEqual({ error: 'invalid_grant' });
    const info = await fetch(`${server.baseUrl}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(info.status).toBe(401);
    // Cognito's global sign-out does not clear the hosted UI's cookie: the next authorize needs no form.
    const again = authorizeRequest(server.baseUrl, app);
    expect(asRedirect(await browser.visit(again.url, app.callback)).searchParams.get('code')).toBeTruthy();
  });

  it('describes the pool, and answers unknown operations and bad JSON the way the protocol does', async () => {
    const pool = await cognito.send(new DescribeUserPoolCommand({ UserPoolId }));
    expect(pool.UserPool).toMatchObject({ Id: UserPoolId, UsernameAttributes: ['email'] });
    const unknown = await apiRequest(server.baseUrl, 'LaunchRocket', '{}');
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    const garbled = await apiRequest(server.baseUrl, 'ListUsers', '{not json');
    expect(await garbled.json()).toMatchObject({ __type: 'SerializationException' });
  });

  it("reads a JSON body up to 1 MiB, and answers a larger, unreadable or empty one in the protocol's words", async () => {
    const call = (action: string, body: string) => apiRequest(server.baseUrl, action, body);
    const describePool = 'DescribeUserPool';
    const within = await call(describePool, JSON.stringify({ UserPoolId, Padding: 'x'.repeat(1024 * 1024 - 200) }));
    expect(within.status).toBe(200);
    expect(await within.json()).toMatchObject({ UserPool: { Id: UserPoolId } });
    const over = await call(describePool, JSON.stringify({ UserPoolId, Padding: 'x'.repeat(1024 * 1024) }));
    expect(over.status).toBe(400);
    expect(await over.json()).toMatchObject({ __type: 'SerializationException' });
    // The operation is checked before the body.
    const unknown = await call('LaunchRocket', '{not json');
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    // No body is an empty input: here, no pool.
    const empty = await call(describePool, '');
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ __type: 'ResourceNotFoundException' });
  });
});
