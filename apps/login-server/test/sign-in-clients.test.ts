import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { confirmSignIn, fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiRequest, useSdkClient } from './support/cognito-api.ts';
import { decodeJwt } from './support/flows.ts';
import { mailedCode } from './support/mailbox.ts';
import { createUser, password, temporaryPassword, useTestServer } from './support/server.ts';
import { apiClients, pointAwsLibrariesAt, signInPool, watchCognitoCalls } from './support/sign-in.ts';
import { cognitoVerifier } from './support/verifiers.ts';

type Outcome =
  | { kind: 'signed-in'; session: CognitoUserSession }
  | { kind: 'failed'; error: { code?: string; name?: string; message: string } }
  | { kind: 'new-password'; user: CognitoUser; userAttributes: Record<string, string> };

/**
 * AWS's own browser libraries against the server, used as their documentation says:
 * amazon-cognito-identity-js (SRP by default, USER_PASSWORD_AUTH on request) and Amplify v6.
 */
describe('sign-in API with amazon-cognito-identity-js and Amplify', () => {
  const server = useTestServer({ pool: signInPool() });
  const cognito = useSdkClient(server);
  let pool: CognitoUserPool;
  let UserPoolId: string;
  const { mobile, legacy } = apiClients;

  beforeAll(() => {
    ({ pool, UserPoolId } = pointAwsLibrariesAt(server));
  });
  afterEach(() => vi.useRealTimers());

  /** CognitoUser.authenticateUser, its callbacks turned into one outcome. */
  function authenticate(
    username: string,
    pass: string,
    options: { flow?: 'USER_PASSWORD_AUTH'; userPool?: CognitoUserPool } = {},
  ): Promise<Outcome> {
    const user = new CognitoUser({ Username: username, Pool: options.userPool ?? pool });
    if (options.flow) user.setAuthenticationFlowType(options.flow);
    return new Promise((resolve) => {
      user.authenticateUser(new AuthenticationDetails({ Username: username, Password: pass }), {
        onSuccess: (session) => resolve({ kind: 'signed-in', session }),
        onFailure: (error) => resolve({ kind: 'failed', error }),
        newPasswordRequired: (userAttributes) => resolve({ kind: 'new-password', user, userAttributes }),
      });
    });
  }

  const signedIn = (outcome: Outcome) => {
    if (outcome.kind !== 'signed-in') throw new Error(`not signed in: ${JSON.stringify(outcome)}`);
    return outcome.session;
  };

  it('signs in with SRP (USER_SRP_AUTH, PASSWORD_VERIFIER), tokens checked by aws-jwt-verify', async () => {
    const watch = watchCognitoCalls();
    let outcome: Outcome;
    try {
      outcome = await authenticate('alice@example.com', password);
    } finally {
      watch.restore();
    }
    const session = signedIn(outcome);
    expect(watch.calls.map((c) => [c.target, c.body.AuthFlow ?? c.body.ChallengeName])).toEqual([
      ['InitiateAuth', 'USER_SRP_AUTH'],
      ['RespondToAuthChallenge', 'PASSWORD_VERIFIER'],
    ]);
    const id = await cognitoVerifier(server.issuer, 'id', mobile.id).verify(session.getIdToken().getJwtToken());
    expect(id).toMatchObject({ email: 'alice@example.com', 'custom:plan': 'pro' });
    // USER_ID_FOR_SRP is the internal username: the sub, in a pool that signs in by email.
    expect(watch.calls[1]?.body.ChallengeResponses).toMatchObject({ USERNAME: id.sub });
    await cognitoVerifier(server.issuer, 'access', mobile.id).verify(session.getAccessToken().getJwtToken());
    expect(session.getRefreshToken().getToken()).toEqual(expect.any(String));
  });

  it('refuses a wrong password with SRP, and an unknown user the same way', async () => {
    const incorrect = { code: 'NotAuthorizedException', message: 'Incorrect username or password.' };
    expect(await authenticate('alice@example.com', 'Wrong-passw0rd!')).toMatchObject({
      kind: 'failed',
      error: incorrect,
    });
    expect(await authenticate('nobody@example.com', password)).toMatchObject({ kind: 'failed', error: incorrect });
    // The challenge itself does not tell who exists: the same parameters, a UUID-shaped id.
    const challenge = async (USERNAME: string) => {
      const answer = await apiRequest(
        server.baseUrl,
        'InitiateAuth',
        JSON.stringify({
          ClientId: mobile.id,
          AuthFlow: 'USER_SRP_AUTH',
          AuthParameters: { USERNAME, SRP_A: 'abcdef' },
        }),
      );
      return (await answer.json()) as { ChallengeName: string; ChallengeParameters: Record<string, string> };
    };
    const [known, unknown] = [await challenge('alice@example.com'), await challenge('nobody@example.com')];
    expect(unknown.ChallengeName).toBe(known.ChallengeName);
    expect(Object.keys(unknown.ChallengeParameters).sort()).toEqual(Object.keys(known.ChallengeParameters).sort());
    expect(unknown.ChallengeParameters.USER_ID_FOR_SRP).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    // Asked again, a user's id and salt stay the same, and so do a made-up one's.
    const [knownAgain, unknownAgain] = [await challenge('alice@example.com'), await challenge('nobody@example.com')];
    for (const name of ['USER_ID_FOR_SRP', 'SALT']) {
      expect(knownAgain.ChallengeParameters[name]).toBe(known.ChallengeParameters[name]);
      expect(unknownAgain.ChallengeParameters[name]).toBe(unknown.ChallengeParameters[name]);
    }
    // An app client with PreventUserExistenceErrors LEGACY says so.
    const legacyPool = new CognitoUserPool({ UserPoolId, ClientId: legacy.id, endpoint: `${server.baseUrl}/` });
    expect(await authenticate('nobody@example.com', password, { userPool: legacyPool })).toMatchObject({
      kind: 'failed',
      error: { code: 'UserNotFoundException' },
    });
  });

  it('signs in with USER_PASSWORD_AUTH when asked to, and refuses a wrong password', async () => {
    const watch = watchCognitoCalls();
    try {
      const session = signedIn(await authenticate('bob@example.com', password, { flow: 'USER_PASSWORD_AUTH' }));
      expect(session.getIdToken().decodePayload().email).toBe('bob@example.com');
      expect(watch.calls.map((c) => c.body.AuthFlow)).toEqual(['USER_PASSWORD_AUTH']);
    } finally {
      watch.restore();
    }
    expect(await authenticate('bob@example.com', 'Wrong-passw0rd!', { flow: 'USER_PASSWORD_AUTH' })).toMatchObject({
      kind: 'failed',
      error: { code: 'NotAuthorizedException', message: 'Incorrect username or password.' },
    });
  });

  it('asks for a new password after a temporary one (newPasswordRequired, completeNewPasswordChallenge)', async () => {
    const email = 'temp-srp@example.com';
    await createUser(server, email, { password: temporaryPassword, status: 'FORCE_CHANGE_PASSWORD' });
    const challenged = await authenticate(email, temporaryPassword);
    if (challenged.kind !== 'new-password') throw new Error(`no new-password challenge: ${JSON.stringify(challenged)}`);
    expect(challenged.userAttributes).toMatchObject({ email, email_verified: 'true' });
    const { email_verified: _verified, email: _email, ...writable } = challenged.userAttributes;
    const completed = await new Promise<Outcome>((resolve) =>
      challenged.user.completeNewPasswordChallenge('Chosen-passw0rd!', writable, {
        onSuccess: (session) => resolve({ kind: 'signed-in', session }),
        onFailure: (error) => resolve({ kind: 'failed', error }),
      }),
    );
    expect(signedIn(completed).getIdToken().decodePayload().email).toBe(email);
    // The new password's SRP verifier is the one kept: SRP sign-in works with it, not with the old one.
    signedIn(await authenticate(email, 'Chosen-passw0rd!'));
    expect(await authenticate(email, temporaryPassword)).toMatchObject({ kind: 'failed' });
  });

  it('keeps an SRP verifier for every way a password is set', async () => {
    const { id } = mobile;
    // Sign-up and confirmation.
    await cognito.send(new SignUpCommand({ ClientId: id, Username: 'srp-signup@example.com', Password: password }));
    const code = await mailedCode(server.baseUrl, 'srp-signup@example.com');
    await cognito.send(
      new ConfirmSignUpCommand({ ClientId: id, Username: 'srp-signup@example.com', ConfirmationCode: code }),
    );
    signedIn(await authenticate('srp-signup@example.com', password));
    // An administrator's permanent password.
    await cognito.send(
      new AdminCreateUserCommand({ UserPoolId, Username: 'srp-admin@example.com', MessageAction: 'SUPPRESS' }),
    );
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId,
        Username: 'srp-admin@example.com',
        Password: password,
        Permanent: true,
      }),
    );
    signedIn(await authenticate('srp-admin@example.com', password));
    // A reset.
    await createUser(server, 'srp-reset@example.com');
    await cognito.send(new ForgotPasswordCommand({ ClientId: id, Username: 'srp-reset@example.com' }));
    await cognito.send(
      new ConfirmForgotPasswordCommand({
        ClientId: id,
        Username: 'srp-reset@example.com',
        ConfirmationCode: await mailedCode(server.baseUrl, 'srp-reset@example.com'),
        Password: 'Reset-passw0rd!',
      }),
    );
    signedIn(await authenticate('srp-reset@example.com', 'Reset-passw0rd!'));
    expect(await authenticate('srp-reset@example.com', password)).toMatchObject({ kind: 'failed' });
    // The verifier is as secret as the hash: nothing the API answers about the user carries it.
    const stored = await server.services.prisma.user.findFirstOrThrow({ where: { email: 'srp-reset@example.com' } });
    const answers = await Promise.all([
      apiRequest(server.baseUrl, 'ListUsers', JSON.stringify({ UserPoolId })).then((r) => r.text()),
      apiRequest(server.baseUrl, 'AdminGetUser', JSON.stringify({ UserPoolId, Username: stored.username })).then((r) =>
        r.text(),
      ),
    ]);
    for (const text of answers) {
      expect(text).toContain(stored.sub);
      expect(text).not.toContain(stored.srpVerifier);
      expect(text).not.toContain(stored.srpSalt);
    }
  });

  it('makes the verifier of a user who has none at their next password sign-in, without counting the SRP failure', async () => {
    const email = 'no-verifier@example.com';
    const user = await createUser(server, email);
    // As a user made before verifiers were kept.
    await server.services.prisma.user.update({ where: { sub: user.sub }, data: { srpSalt: null, srpVerifier: null } });
    expect(await authenticate(email, password)).toMatchObject({
      kind: 'failed',
      error: { code: 'NotAuthorizedException', message: 'Incorrect username or password.' },
    });
    const stored = await server.services.prisma.user.findUniqueOrThrow({ where: { sub: user.sub } });
    expect(stored.failedSignIns).toBe(0);
    signedIn(await authenticate(email, password, { flow: 'USER_PASSWORD_AUTH' }));
    signedIn(await authenticate(email, password));
  });

  it('takes the answer to a PASSWORD_VERIFIER challenge once, from the client it was for', async () => {
    const watch = watchCognitoCalls();
    try {
      signedIn(await authenticate('alice@example.com', password));
    } finally {
      watch.restore();
    }
    const answer = watch.calls.find((c) => c.target === 'RespondToAuthChallenge')?.body;
    const replay = await apiRequest(server.baseUrl, 'RespondToAuthChallenge', JSON.stringify(answer));
    expect(replay.status).toBe(400);
    expect(await replay.json()).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid session for the user.' });

    // A fresh exchange, answered through another app client: refused, and used up all the same.
    const second = watchCognitoCalls({
      before: (call) => {
        if (call.target === 'RespondToAuthChallenge') throw new Error('held back');
      },
    });
    try {
      await authenticate('alice@example.com', password).catch(() => undefined);
    } finally {
      second.restore();
    }
    const held = second.calls.find((c) => c.target === 'RespondToAuthChallenge')?.body as Record<string, unknown>;
    expect(held).toBeDefined();
    const elsewhere = await apiRequest(
      server.baseUrl,
      'RespondToAuthChallenge',
      JSON.stringify({ ...held, ClientId: legacy.id }),
    );
    expect(await elsewhere.json()).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
    const late = await apiRequest(server.baseUrl, 'RespondToAuthChallenge', JSON.stringify(held));
    expect(await late.json()).toMatchObject({ message: 'Invalid session for the user.' });
  });

  it('refuses a claim whose TIMESTAMP is not fresh, though signed right', async () => {
    const watch = watchCognitoCalls({
      // The client's clock is ten minutes behind while it signs its claim.
      after: (call) => {
        if (call.target === 'InitiateAuth') vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 10 * 60_000 });
      },
      before: (call) => {
        if (call.target === 'RespondToAuthChallenge') vi.useRealTimers();
      },
    });
    let outcome: Outcome;
    try {
      outcome = await authenticate('bob@example.com', password);
    } finally {
      watch.restore();
    }
    expect(outcome).toMatchObject({ kind: 'failed', error: { code: 'NotAuthorizedException' } });
    const claim = watch.calls[1]?.body.ChallengeResponses as Record<string, string>;
    expect(new Date(claim.TIMESTAMP as string).getTime()).toBeLessThan(Date.now() - 9 * 60_000);
    signedIn(await authenticate('bob@example.com', password));
  });

  it('signs in with Amplify v6: SRP by default, refresh, USER_PASSWORD_AUTH on request, a new password when required', async () => {
    const done = await signIn({ username: 'alice@example.com', password });
    expect(done).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const { tokens } = await fetchAuthSession();
    // Amplify refreshes with GetTokensFromRefreshToken.
    const refreshed = await fetchAuthSession({ forceRefresh: true });
    expect(refreshed.tokens?.idToken?.payload.email).toBe('alice@example.com');
    expect(refreshed.tokens?.accessToken.toString()).not.toBe(tokens?.accessToken.toString());
    await signOut();
    await expect(signIn({ username: 'alice@example.com', password: 'Wrong-passw0rd!' })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    const plain = await signIn({
      username: 'bob@example.com',
      password,
      options: { authFlowType: 'USER_PASSWORD_AUTH' },
    });
    expect(plain.isSignedIn).toBe(true);
    await signOut();

    const email = 'temp-amplify@example.com';
    await createUser(server, email, { password: temporaryPassword, status: 'FORCE_CHANGE_PASSWORD' });
    const challenged = await signIn({ username: email, password: temporaryPassword });
    expect(challenged.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    const confirmed = await confirmSignIn({ challengeResponse: 'Amplify-passw0rd!' });
    expect(confirmed).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    await signOut();
    expect(
      decodeJwt((await cognitoSignInFor(email, 'Amplify-passw0rd!')).getIdToken().getJwtToken()).payload.email,
    ).toBe(email);
  });

  const cognitoSignInFor = async (email: string, pass: string) => signedIn(await authenticate(email, pass));
});
