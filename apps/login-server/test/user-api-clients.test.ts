import { AdminGetUserCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails,
  CognitoUser,
  type CognitoUserAttribute,
  type CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { fetchAuthSession, fetchUserAttributes, signIn, signOut, updatePassword } from 'aws-amplify/auth';
import { beforeAll, describe, expect, it } from 'vitest';
import { useSdkClient } from './support/cognito-api.ts';
import { createUser, password, useTestServer } from './support/server.ts';
import { apiClients, initiateAuth, pointAwsLibrariesAt, signInPool, watchCognitoCalls } from './support/sign-in.ts';

/**
 * The user operations as AWS's browser libraries call them, used as their documentation says:
 * amazon-cognito-identity-js (getUserAttributes, changePassword, globalSignOut, signOut with token
 * revocation) and Amplify v6 (fetchUserAttributes, updatePassword, signOut).
 */
describe('user API with amazon-cognito-identity-js and Amplify', () => {
  const server = useTestServer({ pool: signInPool() });
  const cognito = useSdkClient(server);
  let pool: CognitoUserPool;
  let UserPoolId: string;
  const { mobile } = apiClients;

  beforeAll(() => {
    ({ pool, UserPoolId } = pointAwsLibrariesAt(server));
  });

  /** CognitoUser.authenticateUser (SRP), signed in or failed. */
  function authenticate(username: string, pass: string): Promise<{ user: CognitoUser; session: CognitoUserSession }> {
    const user = new CognitoUser({ Username: username, Pool: pool });
    return new Promise((resolve, reject) => {
      user.authenticateUser(new AuthenticationDetails({ Username: username, Password: pass }), {
        onSuccess: (session) => resolve({ user, session }),
        onFailure: reject,
      });
    });
  }
  /** A node-style callback API as a promise. */
  const called = <T>(run: (callback: (error: Error | null | undefined, result?: T) => void) => void) =>
    new Promise<T>((resolve, reject) => run((error, result) => (error ? reject(error) : resolve(result as T))));

  it('identity-js: getUserAttributes, changePassword, then globalSignOut ends every session', async () => {
    const email = 'js-user@example.com';
    await createUser(server, email);
    const { user, session } = await authenticate(email, password);
    const attributes = await called<CognitoUserAttribute[]>((cb) => user.getUserAttributes(cb));
    expect(Object.fromEntries(attributes.map((a) => [a.getName(), a.getValue()]))).toMatchObject({
      email,
      email_verified: 'true',
      sub: session.getIdToken().payload.sub,
    });

    await expect(called((cb) => user.changePassword('Wrong-passw0rd!', 'Js-new-passw0rd!', cb))).rejects.toMatchObject({
      code: 'NotAuthorizedException',
    });
    expect(await called((cb) => user.changePassword(password, 'Js-new-passw0rd!', cb))).toBe('SUCCESS');
    // SRP signs in with the new password: the verifier changed with it.
    const other = await authenticate(email, 'Js-new-passw0rd!');
    await expect(authenticate(email, password)).rejects.toMatchObject({ code: 'NotAuthorizedException' });

    await new Promise<void>((resolve, reject) => user.globalSignOut({ onSuccess: () => resolve(), onFailure: reject }));
    const revoked = { name: 'NotAuthorizedException', message: 'Access Token has been revoked' };
    for (const tokens of [session, other.session]) {
      await expect(
        cognito.send(new GetUserCommand({ AccessToken: tokens.getAccessToken().getJwtToken() })),
      ).rejects.toMatchObject(revoked);
    }
    // The other session's refresh token is revoked too. (identity-js's refreshSession retries every
    // error with a growing delay, so the SDK asks instead.)
    await expect(
      cognito.send(
        initiateAuth(mobile.id, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: other.session.getRefreshToken().getToken() }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token.' });
  });

  it('identity-js: signOut with a callback revokes the refresh token (RevokeToken)', async () => {
    const email = 'js-revoke@example.com';
    await createUser(server, email);
    const { user, session } = await authenticate(email, password);
    const watch = watchCognitoCalls();
    try {
      // Its typings give the callback no arguments: what counts is that the token is revoked after.
      await new Promise<void>((resolve) => user.signOut(() => resolve()));
    } finally {
      watch.restore();
    }
    expect(watch.calls.map((c) => c.target)).toContain('RevokeToken');
    await expect(
      cognito.send(new GetUserCommand({ AccessToken: session.getAccessToken().getJwtToken() })),
    ).rejects.toMatchObject({ message: 'Access Token has been revoked' });
  });

  it('Amplify: fetchUserAttributes and updatePassword, then signOut revokes its tokens', async () => {
    const email = 'amplify-user@example.com';
    await createUser(server, email);
    await signIn({ username: email, password });
    const attributes = await fetchUserAttributes();
    expect(attributes).toMatchObject({ email, email_verified: 'true' });
    await expect(
      updatePassword({ oldPassword: 'Wrong-passw0rd!', newPassword: 'Amp-new-passw0rd!' }),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    await updatePassword({ oldPassword: password, newPassword: 'Amp-new-passw0rd!' });
    const { tokens } = await fetchAuthSession();
    const accessToken = tokens?.accessToken.toString() as string;
    await signOut();
    await expect(cognito.send(new GetUserCommand({ AccessToken: accessToken }))).rejects.toMatchObject({
      message: 'Access Token has been revoked',
    });
    // The new password is the one that signs in now.
    await expect(signIn({ username: email, password })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await signIn({ username: email, password: 'Amp-new-passw0rd!' })).isSignedIn).toBe(true);
    await signOut({ global: true });
    await expect(cognito.send(new AdminGetUserCommand({ UserPoolId, Username: email }))).resolves.toHaveProperty(
      'Username',
    );
  });
});
