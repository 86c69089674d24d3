import {
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  AliasExistsException,
  type AuthenticationResultType,
  ChangePasswordCommand,
  CodeMismatchException,
  DeleteUserCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InvalidParameterException,
  InvalidPasswordException,
  RevokeTokenCommand,
  UnauthorizedException,
  UnsupportedTokenTypeException,
  UpdateUserAttributesCommand,
  UserNotFoundException,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Browser } from '@sso/testing';
import { generateKeyPair, SignJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiRequest, useSdkClient } from './support/cognito-api.ts';
import {
  authorizeRequest,
  basicAuth,
  decodeJwt,
  exchangeCode,
  form,
  refreshGrant,
  signIn,
  type Tokens,
} from './support/flows.ts';
import { mailedCode, mailedMessages } from './support/mailbox.ts';
import { createUser, password, useTestServer } from './support/server.ts';
import { apiClients, initiateAuth, passwordAuth, secretHash, signInPool } from './support/sign-in.ts';

/** An app whose hosted sign-in may ask for the user's own API scope (Cognito's aws.cognito.signin.user.admin). */
const accountApp = {
  id: 'account-app',
  secret: 'account-app-secret',
  callback: 'http://localhost:8003/auth/callback',
};

function userApiPool(): Record<string, unknown> {
  const pool = signInPool();
  (pool.clients as Record<string, unknown>[]).push({
    clientId: accountApp.id,
    clientName: 'Account app',
    clientSecret: accountApp.secret,
    callbackUrls: [accountApp.callback],
    allowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
  });
  return pool;
}

/**
 * The operations a user calls with their own access token (GetUser, UpdateUserAttributes,
 * GetUserAttributeVerificationCode, VerifyUserAttribute, ChangePassword, GlobalSignOut, DeleteUser)
 * and RevokeToken, driven by AWS's SDK.
 */
describe('user API with the AWS SDK', () => {
  const server = useTestServer({ pool: userApiPool() });
  const cognito = useSdkClient(server);
  let UserPoolId: string;
  const { web, mobile } = apiClients;

  beforeAll(async () => {
    UserPoolId = server.config.server.userPoolId;
  });
  afterEach(() => vi.useRealTimers());

  /** USER_PASSWORD_AUTH on the mobile app (no secret): the tokens an app holds after signing in. */
  const apiSignIn = async (email: string, pass = password) =>
    (await cognito.send(passwordAuth(mobile.id, email, pass)))
      .AuthenticationResult as Required<AuthenticationResultType>;
  /** The same on the web app (a client with a secret). */
  const webSignIn = async (email: string) =>
    (
      await cognito.send(
        initiateAuth(web.id, 'USER_PASSWORD_AUTH', {
          USERNAME: email,
          PASSWORD: password,
          SECRET_HASH: secretHash(email, web),
        }),
      )
    ).AuthenticationResult as Required<AuthenticationResultType>;
  /** A hosted sign-in of the account app that asks for the user's own API scope, its code exchanged. */
  const hostedSignIn = async (email: string, scope = 'openid email aws.cognito.signin.user.admin') => {
    const request = authorizeRequest(server.baseUrl, accountApp, { scope });
    const callback = await signIn(new Browser(), request, email, password);
    const answer = await exchangeCode(server.baseUrl, accountApp, request, callback.searchParams.get('code')!);
    return (await answer.json()) as Tokens;
  };
  const getUser = (AccessToken: string) => cognito.send(new GetUserCommand({ AccessToken }));
  const userInfo = (accessToken: string) =>
    fetch(`${server.baseUrl}/oauth2/userInfo`, { headers: { authorization: `Bearer ${accessToken}` } });
  const refreshWithApi = (refreshToken: string) =>
    cognito.send(initiateAuth(mobile.id, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: refreshToken }));
  const revoked = { name: 'NotAuthorizedException', message: 'Access Token has been revoked' };
  const invalidToken = { name: 'NotAuthorizedException', message: 'Invalid Access Token' };

  it("answers GetUser with the token's user: username and attributes", async () => {
    const tokens = await apiSignIn('alice@example.com');
    const out = await getUser(tokens.AccessToken);
    const sub = decodeJwt(tokens.IdToken).payload.sub as string;
    expect(out.Username).toBe(sub);
    expect(out.UserAttributes).toEqual([
      { Name: 'sub', Value: sub },
      { Name: 'email', Value: 'alice@example.com' },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'name', Value: 'Alice Example' },
      { Name: 'custom:plan', Value: 'pro' },
    ]);
    expect(out.UserMFASettingList).toBeUndefined();
    // A hosted sign-in's access token works too when the app asked for the scope.
    const hosted = await hostedSignIn('alice@example.com');
    await expect(getUser(hosted.access_token)).resolves.toMatchObject({ Username: sub });
  });

  it("refuses what is not the pool's live access token with the user's scope, in Cognito's words", async () => {
    const tokens = await apiSignIn('bob@example.com');
    // An ID token, a token signed by someone else, and no token at all.
    await expect(getUser(tokens.IdToken)).rejects.toMatchObject(invalidToken);
    const { privateKey } = await generateKeyPair('RS256');
    const claims = decodeJwt(tokens.AccessToken);
    const forged = await new SignJWT(claims.payload)
      .setProtectedHeader(claims.header as { alg: string; kid: string })
      .sign(privateKey);
    await expect(getUser(forged)).rejects.toMatchObject(invalidToken);
    await expect(getUser('not a token')).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value at 'accessToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9-_=.]+",
    });
    const missing = await apiRequest(server.baseUrl, 'GetUser', '{}');
    expect(await missing.json()).toEqual({
      __type: 'InvalidParameterException',
      message:
        "1 validation error detected: Value at 'accessToken' failed to satisfy constraint: Member must not be null",
    });
    // A hosted sign-in's access token without aws.cognito.signin.user.admin.
    const hosted = await hostedSignIn('bob@example.com', 'openid email');
    await expect(getUser(hosted.access_token)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Access Token does not have required scopes',
    });
    // An hour later the token has expired.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3601_000);
    await expect(getUser(tokens.AccessToken)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Access Token has expired',
    });
  });

  it('updates attributes; a changed email is unverified until the code mailed to it comes back', async () => {
    const email = 'changer@example.com';
    await createUser(server, email);
    const { AccessToken } = await apiSignIn(email);
    await expect(
      cognito.send(
        new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'name', Value: 'Cha Nger' }] }),
      ),
    ).resolves.not.toHaveProperty('CodeDeliveryDetailsList');

    const changed = await cognito.send(
      new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: 'moved@example.com' }] }),
    );
    expect(changed.CodeDeliveryDetailsList).toEqual([
      { Destination: 'm***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    ]);
    const attributes = Object.fromEntries(
      ((await getUser(AccessToken)).UserAttributes ?? []).map((a) => [a.Name, a.Value]),
    );
    expect(attributes).toMatchObject({ email: 'moved@example.com', email_verified: 'false', name: 'Cha Nger' });
    const verify = (Code: string) =>
      cognito.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code }));
    const code = await mailedCode(server.baseUrl, 'moved@example.com');
    await expect(verify(code === '000000' ? '000001' : '000000')).rejects.toBeInstanceOf(CodeMismatchException);
    await verify(code);
    const after = await getUser(AccessToken);
    expect(after.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
    // The code is used: it proves nothing twice.
    await expect(verify(code)).rejects.toMatchObject({ name: 'ExpiredCodeException' });
    // The new email signs in, and the next tokens carry it.
    const fresh = await apiSignIn('moved@example.com');
    expect(decodeJwt(fresh.IdToken).payload).toMatchObject({ email: 'moved@example.com', email_verified: true });
  });

  it('sends a new verification code on request, and refuses what a user may not write', async () => {
    const email = 'unverified@example.com';
    await createUser(server, email, { emailVerified: false });
    const { AccessToken } = await apiSignIn(email);
    const before = (await mailedMessages(server.baseUrl, email)).length;
    const sent = await cognito.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }),
    );
    expect(sent.CodeDeliveryDetails).toEqual({
      Destination: 'u***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    expect((await mailedMessages(server.baseUrl, email)).length).toBe(before + 1);
    await cognito.send(
      new VerifyUserAttributeCommand({
        AccessToken,
        AttributeName: 'email',
        Code: await mailedCode(server.baseUrl, email),
      }),
    );
    expect((await getUser(AccessToken)).UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });

    const update = (Name: string, Value: string) =>
      cognito.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name, Value }] }));
    // A user cannot vouch for their own email: what products link accounts by.
    await expect(update('email_verified', 'true')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'A client attempted to write unauthorized attribute',
    });
    await expect(update('sub', 'mine')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(update('custom:unknown', 'x')).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(update('email', 'alice@example.com')).rejects.toBeInstanceOf(AliasExistsException);
    await expect(update('email', 'not-an-email')).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid email address format.',
    });
    await expect(
      cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'phone_number' })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('changes the password: the old one proven, the policy met, then only the new one signs in', async () => {
    const email = 'rotate@example.com';
    await createUser(server, email);
    const { AccessToken } = await apiSignIn(email);
    const change = (PreviousPassword: string, ProposedPassword: string) =>
      cognito.send(new ChangePasswordCommand({ AccessToken, PreviousPassword, ProposedPassword }));
    await expect(change('Wrong-passw0rd!', 'Next-passw0rd!')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    await expect(change(password, 'weakpassword')).rejects.toBeInstanceOf(InvalidPasswordException);
    await change(password, 'Next-passw0rd!');
    await expect(apiSignIn(email)).rejects.toMatchObject({ message: 'Incorrect username or password.' });
    await expect(apiSignIn(email, 'Next-passw0rd!')).resolves.toHaveProperty('AccessToken');
    // The token that changed it still works, as in Cognito.
    await expect(getUser(AccessToken)).resolves.toHaveProperty('Username');
  });

  it('counts wrong current passwords towards the lock-out', async () => {
    const email = 'guesser@example.com';
    await createUser(server, email);
    const { AccessToken } = await apiSignIn(email);
    vi.useFakeTimers({ toFake: ['Date'] });
    const change = (PreviousPassword: string) =>
      cognito.send(new ChangePasswordCommand({ AccessToken, PreviousPassword, ProposedPassword: 'Next-passw0rd!' }));
    for (let i = 0; i < 5; i++) await expect(change(`Wrong-${i}-passw0rd`)).rejects.toBeInstanceOf(Error);
    await expect(change(password)).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Attempt limit exceeded, please try after some time.',
    });
    await expect(apiSignIn(email)).rejects.toMatchObject({ message: 'Password attempts exceeded' });
    vi.setSystemTime(Date.now() + 16 * 60_000);
    await expect(change(password)).resolves.toBeDefined();
  });

  it('GlobalSignOut ends every sign-in of the user: access tokens at GetUser and userInfo, refresh tokens at both refreshes', async () => {
    const email = 'everywhere@example.com';
    await createUser(server, email);
    const [mobileTokens, webTokens, hosted] = [
      await apiSignIn(email),
      await webSignIn(email),
      await hostedSignIn(email),
    ];
    expect((await userInfo(hosted.access_token)).status).toBe(200);
    await cognito.send(new GlobalSignOutCommand({ AccessToken: mobileTokens.AccessToken }));

    for (const token of [mobileTokens.AccessToken, webTokens.AccessToken, hosted.access_token]) {
      await expect(getUser(token)).rejects.toMatchObject(revoked);
    }
    const info = await userInfo(hosted.access_token);
    expect(info.status).toBe(401);
    expect(await info.json()).toMatchObject({ error: 'invalid_token' });
    await expect(refreshWithApi(mobileTokens.RefreshToken)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid Refresh Token.',
    });
    expect(await (await refreshGrant(server.baseUrl, web, webTokens.RefreshToken)).json()).toEqual({
      error: 'invalid_grant',
    });
    expect(await (await refreshGrant(server.baseUrl, accountApp, hosted.refresh_token)).json()).toEqual({
      error: 'invalid_grant',
    });
    // Signing in again works, and those tokens are alive.
    await expect(getUser((await apiSignIn(email)).AccessToken)).resolves.toHaveProperty('Username');
  });

  it('AdminUserGlobalSignOut does what GlobalSignOut does', async () => {
    const email = 'admin-out@example.com';
    await createUser(server, email);
    const [api, hosted] = [await apiSignIn(email), await hostedSignIn(email)];
    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId, Username: email }));
    await expect(getUser(api.AccessToken)).rejects.toMatchObject(revoked);
    await expect(getUser(hosted.access_token)).rejects.toMatchObject(revoked);
    expect((await userInfo(hosted.access_token)).status).toBe(401);
    await expect(refreshWithApi(api.RefreshToken)).rejects.toMatchObject({ message: 'Invalid Refresh Token.' });
    expect((await refreshGrant(server.baseUrl, accountApp, hosted.refresh_token)).status).toBe(400);
  });

  it('RevokeToken revokes one refresh token and the access tokens issued with it, as /oauth2/revoke does', async () => {
    const email = 'revoker@example.com';
    await createUser(server, email);
    const [first, second] = [await apiSignIn(email), await apiSignIn(email)];
    const revoke = (Token: string, ClientId: string = mobile.id, ClientSecret?: string) =>
      cognito.send(new RevokeTokenCommand({ Token, ClientId, ClientSecret }));
    // Only refresh tokens are revoked; another client's is refused.
    await expect(revoke(first.AccessToken)).rejects.toBeInstanceOf(UnsupportedTokenTypeException);
    await expect(revoke(first.RefreshToken, apiClients.legacy.id)).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(revoke(first.RefreshToken, web.id, 'not-the-secret')).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(getUser(first.AccessToken)).resolves.toHaveProperty('Username');

    await expect(revoke(first.RefreshToken)).resolves.toBeDefined();
    await expect(getUser(first.AccessToken)).rejects.toMatchObject(revoked);
    await expect(refreshWithApi(first.RefreshToken)).rejects.toMatchObject({ message: 'Invalid Refresh Token.' });
    // Another sign-in of the same user is untouched; an unknown or used-up token is no error.
    await expect(getUser(second.AccessToken)).resolves.toHaveProperty('Username');
    await expect(revoke(first.RefreshToken)).resolves.toBeDefined();
    // A client with a secret sends it; a code-flow refresh token is revoked for the API and /oauth2 alike.
    const hosted = await hostedSignIn(email);
    await revoke(hosted.refresh_token, accountApp.id, accountApp.secret);
    expect((await refreshGrant(server.baseUrl, accountApp, hosted.refresh_token)).status).toBe(400);
    expect((await userInfo(hosted.access_token)).status).toBe(401);
    // What /oauth2/revoke revokes, the user operations refuse too.
    const webTokens = await webSignIn(email);
    const answer = await fetch(`${server.baseUrl}/oauth2/revoke`, {
      method: 'POST',
      headers: { ...form, authorization: basicAuth(web.id, web.secret) },
      body: new URLSearchParams({ token: webTokens.RefreshToken }),
    });
    expect(answer.status).toBe(200);
    await expect(getUser(webTokens.AccessToken)).rejects.toMatchObject(revoked);
  });

  it('DeleteUser signs the user out and deletes them', async () => {
    const email = 'leaver@example.com';
    await createUser(server, email);
    const tokens = await apiSignIn(email);
    await cognito.send(new DeleteUserCommand({ AccessToken: tokens.AccessToken }));
    await expect(getUser(tokens.AccessToken)).rejects.toMatchObject(revoked);
    await expect(cognito.send(new AdminGetUserCommand({ UserPoolId, Username: email }))).rejects.toBeInstanceOf(
      UserNotFoundException,
    );
    await expect(refreshWithApi(tokens.RefreshToken)).rejects.toMatchObject({ message: 'Invalid Refresh Token.' });
    await expect(apiSignIn(email)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it("refuses a disabled user's tokens", async () => {
    const email = 'disabled@example.com';
    await createUser(server, email);
    const tokens = await apiSignIn(email);
    await cognito.send(new AdminDisableUserCommand({ UserPoolId, Username: email }));
    await expect(getUser(tokens.AccessToken)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});
