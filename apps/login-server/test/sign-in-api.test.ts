import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminUserGlobalSignOutCommand,
  type AuthenticationResultType,
  CreateUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  type ExplicitAuthFlowsType,
  GetTokensFromRefreshTokenCommand,
  InvalidPasswordException,
  RespondToAuthChallengeCommand,
  UpdateUserPoolClientCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { asPage, textOf } from '@sso/testing';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useSdkClient } from './support/cognito-api.ts';
import { decodeJwt, form, openSignIn, refreshGrant, signInForTokens, type Tokens } from './support/flows.ts';
import { createUser, password, temporaryPassword, testClients, useTestServer } from './support/server.ts';
import { apiClients, initiateAuth, passwordAuth, secretHash, signInPool } from './support/sign-in.ts';
import { cognitoVerifier } from './support/verifiers.ts';

/** Cognito's sign-in API (InitiateAuth, RespondToAuthChallenge and their Admin forms) driven by AWS's SDK. */
describe('sign-in API with the AWS SDK', () => {
  const server = useTestServer({ pool: signInPool() });
  const cognito = useSdkClient(server);
  let UserPoolId: string;
  const { web, mobile, legacy } = apiClients;

  beforeAll(async () => {
    UserPoolId = server.config.server.userPoolId;
  });
  afterEach(() => vi.useRealTimers());

  /** USER_PASSWORD_AUTH on the web app (a client with a secret). */
  const passwordSignIn = (username: string, pass = password) =>
    cognito.send(
      initiateAuth(web.id, 'USER_PASSWORD_AUTH', {
        USERNAME: username,
        PASSWORD: pass,
        SECRET_HASH: secretHash(username, web),
      }),
    );
  const refreshWithApi = (refreshToken: string, username: string) =>
    cognito.send(
      initiateAuth(web.id, 'REFRESH_TOKEN_AUTH', {
        REFRESH_TOKEN: refreshToken,
        SECRET_HASH: secretHash(username, web),
      }),
    );
  const userInfo = (accessToken: string) =>
    fetch(`${server.baseUrl}/oauth2/userInfo`, { headers: { authorization: `Bearer ${accessToken}` } });

  it("signs in with USER_PASSWORD_AUTH and answers Cognito's AuthenticationResult", async () => {
    const out = await passwordSignIn('alice@example.com');
    expect(out.ChallengeName).toBeUndefined();
    expect(out.ChallengeParameters).toEqual({});
    const result = out.AuthenticationResult as AuthenticationResultType;
    expect(Object.keys(result).sort()).toEqual(['AccessToken', 'ExpiresIn', 'IdToken', 'RefreshToken', 'TokenType']);
    expect(result).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });

    const id = await cognitoVerifier(server.issuer, 'id', web.id).verify(result.IdToken as string);
    expect(id).toMatchObject({ email: 'alice@example.com', email_verified: true, name: 'Alice Example', aud: web.id });
    expect(id['cognito:username']).toBe(id.sub);
    const access = await cognitoVerifier(server.issuer, 'access', web.id).verify(result.AccessToken as string);
    expect(access).toMatchObject({ sub: id.sub, username: id.sub, scope: 'aws.cognito.signin.user.admin' });
    expect(access.origin_jti).toBe(id.origin_jti);
    expect(access.event_id).toBe(id.event_id);
    expect(access.auth_time).toBe(id.auth_time);
  });

  it('mints tokens the code flow could have minted: same keys, same claims, same shape', async () => {
    const api = (await passwordSignIn('alice@example.com')).AuthenticationResult as AuthenticationResultType;
    const code = await signInForTokens(
      server.baseUrl,
      { ...web, callback: web.callback },
      'alice@example.com',
      password,
    );
    const [apiId, codeId] = [decodeJwt(api.IdToken as string), decodeJwt(code.id_token)];
    const [apiAccess, codeAccess] = [decodeJwt(api.AccessToken as string), decodeJwt(code.access_token)];
    expect(apiId.header).toEqual(codeId.header);
    expect(apiAccess.header).toEqual(codeAccess.header);
    // The code flow's ID token also carries the app's nonce; nothing else differs.
    expect(Object.keys(apiId.payload).sort()).toEqual(
      Object.keys(codeId.payload)
        .filter((k) => k !== 'nonce')
        .sort(),
    );
    expect(Object.keys(apiAccess.payload)).toEqual(Object.keys(codeAccess.payload));
    expect(apiId.payload.exp as number).toBe((apiId.payload.iat as number) + 3600);
    // Each sign-in is its own grant and event.
    expect(apiId.payload.origin_jti).not.toBe(codeId.payload.origin_jti);
    expect(apiId.payload.event_id).not.toBe(codeId.payload.event_id);
  });

  it("refuses the API's access token at /oauth2/userInfo, as Cognito does (no openid scope)", async () => {
    const result = (await passwordSignIn('alice@example.com')).AuthenticationResult as AuthenticationResultType;
    const answer = await userInfo(result.AccessToken as string);
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ error: 'invalid_token' });
  });

  it('refreshes with REFRESH_TOKEN_AUTH: new ID and access tokens, the same sign-in, no new refresh token', async () => {
    const first = (await passwordSignIn('alice@example.com')).AuthenticationResult as AuthenticationResultType;
    const sub = decodeJwt(first.IdToken as string).payload.sub as string;
    const out = await refreshWithApi(first.RefreshToken as string, sub);
    const refreshed = out.AuthenticationResult as AuthenticationResultType;
    expect(Object.keys(refreshed).sort()).toEqual(['AccessToken', 'ExpiresIn', 'IdToken', 'TokenType']);
    const [before, after] = [
      decodeJwt(first.IdToken as string).payload,
      decodeJwt(refreshed.IdToken as string).payload,
    ];
    expect(after.auth_time).toBe(before.auth_time);
    expect(after.origin_jti).toBe(before.origin_jti);
    expect(after.jti).not.toBe(before.jti);
    await cognitoVerifier(server.issuer, 'access', web.id).verify(refreshed.AccessToken as string);
    // The refresh token keeps working (no rotation on this client).
    await expect(refreshWithApi(first.RefreshToken as string, sub)).resolves.toHaveProperty('AuthenticationResult');
  });

  it("takes the API's refresh token at /oauth2/token, and the code flow's at REFRESH_TOKEN_AUTH", async () => {
    const api = (await passwordSignIn('alice@example.com')).AuthenticationResult as AuthenticationResultType;
    const sub = decodeJwt(api.IdToken as string).payload.sub as string;
    const viaToken = await refreshGrant(server.baseUrl, web, api.RefreshToken as string);
    expect(viaToken.status).toBe(200);
    const tokens = (await viaToken.json()) as Tokens;
    expect(decodeJwt(tokens.access_token).payload).toMatchObject({ scope: 'aws.cognito.signin.user.admin' });
    expect(decodeJwt(tokens.id_token).payload.origin_jti).toBe(decodeJwt(api.IdToken as string).payload.origin_jti);

    const code = await signInForTokens(server.baseUrl, web, 'alice@example.com', password);
    const out = await refreshWithApi(code.refresh_token, sub);
    const refreshed = out.AuthenticationResult as AuthenticationResultType;
    // What the code flow granted stays what it was: its access token still works at userInfo.
    expect(decodeJwt(refreshed.AccessToken as string).payload.scope).toBe('openid email profile');
    const info = await userInfo(refreshed.AccessToken as string);
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ sub, email: 'alice@example.com' });
  });

  it('refreshes with GetTokensFromRefreshToken, rotating for a client with rotation, within its grace period', async () => {
    const b = testClients.productB;
    const getTokens = (RefreshToken: string, client: { id: string; secret: string } = b) =>
      cognito.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: client.id, ClientSecret: client.secret, RefreshToken }),
      );
    // Product B rotates with a 10-second grace period; its refresh token comes from the code flow.
    const code = await signInForTokens(server.baseUrl, b, 'alice@example.com', password);
    vi.useFakeTimers({ toFake: ['Date'] });
    const first = (await getTokens(code.refresh_token)).AuthenticationResult as AuthenticationResultType;
    expect(first.RefreshToken).toEqual(expect.any(String));
    expect(first.RefreshToken).not.toBe(code.refresh_token);
    expect(decodeJwt(first.IdToken as string).payload.aud).toBe(b.id);
    // A retry within the grace period still works; the new token works at /oauth2/token too.
    await expect(getTokens(code.refresh_token)).resolves.toHaveProperty('AuthenticationResult.RefreshToken');
    const second = (await getTokens(first.RefreshToken as string)).AuthenticationResult as AuthenticationResultType;
    expect((await refreshGrant(server.baseUrl, b, second.RefreshToken as string)).status).toBe(200);
    vi.setSystemTime(Date.now() + 11_000);
    await expect(getTokens(code.refresh_token)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid Refresh Token.',
    });
    // Without rotation, the refresh token stays and none is issued.
    const api = (await passwordSignIn('alice@example.com')).AuthenticationResult as AuthenticationResultType;
    const plain = (await getTokens(api.RefreshToken as string, web)).AuthenticationResult as AuthenticationResultType;
    expect(plain.RefreshToken).toBeUndefined();
    await expect(
      cognito.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: web.id, RefreshToken: api.RefreshToken as string }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(getTokens(api.RefreshToken as string, { id: web.id, secret: 'not-the-secret' })).rejects.toMatchObject(
      {
        name: 'NotAuthorizedException',
      },
    );
  });

  it("refuses a revoked, unknown or other client's refresh token", async () => {
    const api = (await passwordSignIn('alice@example.com')).AuthenticationResult as AuthenticationResultType;
    const sub = decodeJwt(api.IdToken as string).payload.sub as string;
    const invalid = { name: 'NotAuthorizedException', message: 'Invalid Refresh Token.' };
    await expect(refreshWithApi('not-a-token', sub)).rejects.toMatchObject(invalid);
    // Another app client's refresh token.
    const other = await signInForTokens(server.baseUrl, testClients.productA, 'alice@example.com', password);
    await expect(refreshWithApi(other.refresh_token, sub)).rejects.toMatchObject(invalid);
    // Revoked at /oauth2/revoke: gone for the API too.
    const revoked = await fetch(`${server.baseUrl}/oauth2/revoke`, {
      method: 'POST',
      headers: { ...form, authorization: `Basic ${Buffer.from(`${web.id}:${web.secret}`).toString('base64')}` },
      body: new URLSearchParams({ token: api.RefreshToken as string }),
    });
    expect(revoked.status).toBe(200);
    await expect(refreshWithApi(api.RefreshToken as string, sub)).rejects.toMatchObject(invalid);
  });

  it('signs in as an administrator with ADMIN_USER_PASSWORD_AUTH, and answers the challenge with the Admin call', async () => {
    const out = await cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId,
        ClientId: web.id,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: {
          USERNAME: 'bob@example.com',
          PASSWORD: password,
          SECRET_HASH: secretHash('bob@example.com', web),
        },
      }),
    );
    expect(decodeJwt(out.AuthenticationResult?.IdToken as string).payload.email).toBe('bob@example.com');

    const Username = 'admin-temp@example.com';
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username,
        TemporaryPassword: temporaryPassword,
        MessageAction: 'SUPPRESS',
      }),
    );
    const challenge = await cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId,
        ClientId: web.id,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: Username, PASSWORD: temporaryPassword, SECRET_HASH: secretHash(Username, web) },
      }),
    );
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const done = await cognito.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId,
        ClientId: web.id,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session,
        ChallengeResponses: {
          USERNAME: Username,
          NEW_PASSWORD: 'Adm1n-chosen-pass!',
          SECRET_HASH: secretHash(Username, web),
        },
      }),
    );
    expect(done.AuthenticationResult?.RefreshToken).toEqual(expect.any(String));
    await expect(
      cognito.send(
        new AdminInitiateAuthCommand({
          UserPoolId: 'us-east-1_Other',
          ClientId: web.id,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: Username, PASSWORD: 'Adm1n-chosen-pass!' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it("refuses a flow the app client does not enable, with Cognito's error", async () => {
    // The test pool's product A names no ExplicitAuthFlows: Cognito's default (SRP, custom, refresh).
    await expect(
      cognito.send(passwordAuth(testClients.productA.id, 'alice@example.com', password)),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'USER_PASSWORD_AUTH flow not enabled for this client',
    });
    await expect(
      cognito.send(
        initiateAuth(web.id, 'ADMIN_USER_PASSWORD_AUTH', { USERNAME: 'alice@example.com', PASSWORD: password }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Initiate Auth method not supported.' });
    await expect(
      cognito.send(initiateAuth(mobile.id, 'CUSTOM_AUTH', { USERNAME: 'alice@example.com' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'CUSTOM_AUTH flow not enabled for this client',
    });
    // Enabled by Cognito's default, but it needs Lambda triggers, which this pool has none of.
    await expect(
      cognito.send(initiateAuth(testClients.spa.id, 'CUSTOM_AUTH', { USERNAME: 'alice@example.com' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Custom auth lambda trigger is not configured for the user pool.',
    });
    // A client with refresh token rotation refreshes at /oauth2/token, not with REFRESH_TOKEN_AUTH.
    await expect(
      cognito.send(initiateAuth(testClients.productB.id, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: 'whatever' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'REFRESH_TOKEN_AUTH flow not enabled for this client',
    });
  });

  it('keeps ExplicitAuthFlows in Create-, Update- and DescribeUserPoolClient, and honours them at once', async () => {
    const created = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId,
        ClientName: 'flows',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const ClientId = created.UserPoolClient?.ClientId as string;
    expect(created.UserPoolClient?.ExplicitAuthFlows).toEqual(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    const signIn = () => cognito.send(passwordAuth(ClientId, 'bob@example.com', password));
    await expect(signIn()).resolves.toHaveProperty('AuthenticationResult');
    // Left out of an update, it goes back to Cognito's default, as every other setting does.
    await cognito.send(new UpdateUserPoolClientCommand({ UserPoolId, ClientId, ClientName: 'flows' }));
    const described = await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId }));
    expect(described.UserPoolClient?.ExplicitAuthFlows).toEqual([
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_CUSTOM_AUTH',
    ]);
    await expect(signIn()).rejects.toMatchObject({ message: 'USER_PASSWORD_AUTH flow not enabled for this client' });
    // An unknown value (which the SDK's types would not let through), and legacy names mixed with new ones.
    const bad = [['ALLOW_EVERYTHING'], ['ALLOW_USER_SRP_AUTH', 'USER_PASSWORD_AUTH']] as ExplicitAuthFlowsType[][];
    for (const ExplicitAuthFlows of bad) {
      await expect(
        cognito.send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'bad flows', ExplicitAuthFlows })),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: expect.stringContaining('ExplicitAuthFlows'),
      });
    }
  });

  it("ends the API's sign-ins at AdminUserGlobalSignOut, as the hosted page's", async () => {
    const email = 'global-out@example.com';
    await createUser(server, email);
    const api = (await passwordSignIn(email)).AuthenticationResult as AuthenticationResultType;
    const sub = decodeJwt(api.IdToken as string).payload.sub as string;
    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId, Username: email }));
    await expect(refreshWithApi(api.RefreshToken as string, sub)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid Refresh Token.',
    });
    expect((await refreshGrant(server.baseUrl, web, api.RefreshToken as string)).status).toBe(400);
  });

  it('checks SECRET_HASH for a client with a secret', async () => {
    const send = (hash?: string) =>
      cognito.send(
        initiateAuth(web.id, 'USER_PASSWORD_AUTH', {
          USERNAME: 'alice@example.com',
          PASSWORD: password,
          ...(hash ? { SECRET_HASH: hash } : {}),
        }),
      );
    const unverified = { name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${web.id}` };
    await expect(send(secretHash('alice@example.com', { id: web.id, secret: 'wrong-secret' }))).rejects.toMatchObject(
      unverified,
    );
    await expect(send(secretHash('bob@example.com', web))).rejects.toMatchObject(unverified);
    await expect(send()).rejects.toThrow(/SECRET_HASH was not received/);
    // Refresh: the hash is of the user's username (their sub), not of what they typed to sign in.
    const api = (await passwordSignIn('alice@example.com')).AuthenticationResult as AuthenticationResultType;
    await expect(refreshWithApi(api.RefreshToken as string, 'alice@example.com')).rejects.toMatchObject(unverified);
  });

  it('answers a wrong password, an unknown user and missing parameters as Cognito does', async () => {
    const incorrect = { name: 'NotAuthorizedException', message: 'Incorrect username or password.' };
    await expect(passwordSignIn('alice@example.com', 'Wrong-passw0rd!')).rejects.toMatchObject(incorrect);
    // PreventUserExistenceErrors ENABLED (the pool file's default): an unknown user looks the same.
    await expect(passwordSignIn('nobody@example.com')).rejects.toMatchObject(incorrect);
    // LEGACY says so.
    await expect(cognito.send(passwordAuth(legacy.id, 'nobody@example.com', password))).rejects.toBeInstanceOf(
      UserNotFoundException,
    );
    await expect(
      cognito.send(initiateAuth(mobile.id, 'USER_PASSWORD_AUTH', { USERNAME: 'alice@example.com' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Missing required parameter PASSWORD' });
    await expect(cognito.send(initiateAuth('nope', 'USER_PASSWORD_AUTH', {}))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  /** A user with a temporary password, and the NEW_PASSWORD_REQUIRED challenge their sign-in starts. */
  async function newPasswordChallenge(email: string) {
    await createUser(server, email, { password: temporaryPassword, status: 'FORCE_CHANGE_PASSWORD' });
    const out = await cognito.send(passwordAuth(mobile.id, email, temporaryPassword));
    expect(out.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    return out;
  }
  const answerNewPassword = (email: string, session: string | undefined, newPassword = 'Brand-new-passw0rd!') =>
    cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: mobile.id,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: session,
        ChallengeResponses: { USERNAME: email, NEW_PASSWORD: newPassword },
      }),
    );

  it('asks for a new password after a temporary one, and takes it once', async () => {
    const email = 'temp-api@example.com';
    const challenge = await newPasswordChallenge(email);
    expect(challenge.Session).toEqual(expect.any(String));
    expect(JSON.parse(challenge.ChallengeParameters?.userAttributes as string)).toEqual({
      email,
      email_verified: 'true',
    });
    expect(challenge.ChallengeParameters?.requiredAttributes).toBe('[]');
    // A password the policy refuses can be corrected within the same session.
    await expect(answerNewPassword(email, challenge.Session, 'short')).rejects.toBeInstanceOf(InvalidPasswordException);
    const done = await answerNewPassword(email, challenge.Session);
    expect(decodeJwt(done.AuthenticationResult?.IdToken as string).payload.email).toBe(email);
    // The session was used: a replay is refused, and the new password is the one that works now.
    await expect(answerNewPassword(email, challenge.Session, 'Another-passw0rd!')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
    await expect(passwordSignIn(email, 'Brand-new-passw0rd!')).resolves.toHaveProperty('AuthenticationResult');
  });

  it('refuses a session after 3 minutes, and one that never was', async () => {
    const email = 'temp-late@example.com';
    const challenge = await newPasswordChallenge(email);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3 * 60_000 + 1000);
    await expect(answerNewPassword(email, challenge.Session)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
    vi.useRealTimers();
    await expect(answerNewPassword(email, 'made-up-session')).rejects.toMatchObject({
      message: 'Invalid session for the user.',
    });
  });

  it('shares the lock-out with the hosted page: failures at either count at both', async () => {
    const email = 'locked-api@example.com';
    await createUser(server, email);
    const atHostedPage = async (pass: string) => {
      const { browser, page } = await openSignIn(server.baseUrl, web);
      return textOf(asPage(await browser.submit(page, { username: email, password: pass })));
    };
    // Frozen clock: a lock-out lasts until the test moves the clock on, however slow the machine.
    vi.useFakeTimers({ toFake: ['Date'] });
    const incorrect = { name: 'NotAuthorizedException', message: 'Incorrect username or password.' };
    const attemptsExceeded = { name: 'NotAuthorizedException', message: 'Password attempts exceeded' };
    // Five failures lock a user out: three at the API and two at the hosted page.
    for (let i = 0; i < 3; i++)
      await expect(passwordSignIn(email, `Wrong-${i}-passw0rd`)).rejects.toMatchObject(incorrect);
    for (let i = 0; i < 2; i++)
      expect(await atHostedPage(`Wrong-${i}-passw0rd`)).toContain('Incorrect username or password.');
    expect(await atHostedPage(password)).toContain('Password attempts exceeded');
    await expect(passwordSignIn(email)).rejects.toMatchObject(attemptsExceeded);
    vi.setSystemTime(Date.now() + 16 * 60_000);
    await expect(passwordSignIn(email)).resolves.toHaveProperty('AuthenticationResult');
  });
});
