import {
  AuthenticationDetails,
  CognitoUser,
  type CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import {
  confirmSignIn,
  fetchMFAPreference,
  setUpTOTP,
  signIn,
  signOut,
  updateMFAPreference,
  verifyTOTPSetup,
} from 'aws-amplify/auth';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, password, type TestServer, useTestServer } from './support/server.ts';
import { pointAwsLibrariesAt, signInPool, watchCognitoCalls } from './support/sign-in.ts';
import { totpCode, wrongCode } from './support/totp.ts';

/** What authenticateUser ends in: tokens, or the MFA step it asks the app for. */
type Outcome =
  | { kind: 'signed-in'; session: CognitoUserSession }
  | { kind: 'totp-required'; challengeName: string }
  | { kind: 'mfa-setup'; challengeName: string }
  | { kind: 'failed'; error: { code?: string; message: string } };

/** A running server with `mfa`, identity-js and Amplify pointed at it (for the tests of one describe). */
function serverWith(mfa: 'OPTIONAL' | 'ON') {
  const base = signInPool();
  const handle = { server: useTestServer({ pool: { ...base, pool: { ...(base.pool as object), mfa } } }) } as {
    server: TestServer;
    pool: CognitoUserPool;
  };
  beforeAll(() => {
    handle.pool = pointAwsLibrariesAt(handle.server).pool;
  });
  return handle;
}

/** identity-js callbacks that end a sign-in step, as one outcome. */
function callbacks(resolve: (outcome: Outcome) => void) {
  return {
    onSuccess: (session: CognitoUserSession) => resolve({ kind: 'signed-in', session }),
    onFailure: (error: { code?: string; message: string }) => resolve({ kind: 'failed', error }),
    totpRequired: (challengeName: string) => resolve({ kind: 'totp-required', challengeName }),
    mfaSetup: (challengeName: string) => resolve({ kind: 'mfa-setup', challengeName }),
  };
}

function authenticate(pool: CognitoUserPool, username: string): { user: CognitoUser; outcome: Promise<Outcome> } {
  const user = new CognitoUser({ Username: username, Pool: pool });
  const outcome = new Promise<Outcome>((resolve) =>
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), callbacks(resolve)),
  );
  return { user, outcome };
}

/** identity-js's associateSoftwareToken, to the secret it hands the app. */
const associate = (user: CognitoUser) =>
  new Promise<string>((resolve, reject) =>
    user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
  );

/**
 * TOTP MFA as AWS's browser libraries drive it, used as their documentation says:
 * amazon-cognito-identity-js (associateSoftwareToken, verifySoftwareToken, setUserMfaPreference,
 * the totpRequired and mfaSetup callbacks, sendMFACode) and Amplify v6 (setUpTOTP, verifyTOTPSetup,
 * updateMFAPreference, signIn's CONFIRM_SIGN_IN_WITH_TOTP_CODE and CONTINUE_SIGN_IN_WITH_TOTP_SETUP
 * steps, confirmSignIn).
 */
describe('TOTP MFA with amazon-cognito-identity-js and Amplify', () => {
  describe('where MFA is optional', () => {
    const handle = serverWith('OPTIONAL');

    it('identity-js: a signed-in user adds TOTP, then signs in with a code (totpRequired, sendMFACode)', async () => {
      const email = 'js-totp@example.com';
      await createUser(handle.server, email);
      const first = authenticate(handle.pool, email);
      expect((await first.outcome).kind).toBe('signed-in');
      const secret = await associate(first.user);
      const verified = await new Promise<Outcome>((resolve) =>
        first.user.verifySoftwareToken(totpCode(secret), 'My phone', callbacks(resolve)),
      );
      expect(verified.kind).toBe('signed-in');
      await new Promise<void>((resolve, reject) =>
        first.user.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, (error) =>
          error ? reject(error) : resolve(),
        ),
      );

      const second = authenticate(handle.pool, email);
      expect(await second.outcome).toEqual({ kind: 'totp-required', challengeName: 'SOFTWARE_TOKEN_MFA' });
      const sendCode = (code: string) =>
        new Promise<Outcome>((resolve) => second.user.sendMFACode(code, callbacks(resolve), 'SOFTWARE_TOKEN_MFA'));
      expect(await sendCode(wrongCode(secret))).toMatchObject({
        kind: 'failed',
        error: { code: 'CodeMismatchException', message: 'Invalid code received for user' },
      });
      const done = await sendCode(totpCode(secret, 1));
      if (done.kind !== 'signed-in') throw new Error(`not signed in: ${JSON.stringify(done)}`);
      expect(done.session.getIdToken().decodePayload().email).toBe(email);
    });

    it('Amplify: setUpTOTP, verifyTOTPSetup, updateMFAPreference, then signIn asks for the TOTP code', async () => {
      const email = 'amplify-totp@example.com';
      await createUser(handle.server, email);
      expect((await signIn({ username: email, password })).isSignedIn).toBe(true);
      const { sharedSecret, getSetupUri } = await setUpTOTP();
      expect(getSetupUri('Acme', email).href).toContain(`secret=${sharedSecret}`);
      await verifyTOTPSetup({ code: totpCode(sharedSecret) });
      await updateMFAPreference({ totp: 'PREFERRED' });
      expect(await fetchMFAPreference()).toMatchObject({ enabled: ['TOTP'], preferred: 'TOTP' });
      await signOut();

      const watch = watchCognitoCalls();
      try {
        const challenged = await signIn({ username: email, password });
        expect(challenged.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
        await expect(confirmSignIn({ challengeResponse: wrongCode(sharedSecret) })).rejects.toMatchObject({
          name: 'CodeMismatchException',
        });
        // The same sign-in takes the right code after a wrong one.
        const done = await confirmSignIn({ challengeResponse: totpCode(sharedSecret, 1) });
        expect(done).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
      } finally {
        watch.restore();
      }
      const answers = watch.calls.filter((c) => c.target === 'RespondToAuthChallenge').map((c) => c.body.ChallengeName);
      expect(answers).toEqual(['PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA', 'SOFTWARE_TOKEN_MFA']);
      await signOut();
    });
  });

  describe('where MFA is required', () => {
    const handle = serverWith('ON');

    it('identity-js: a user without TOTP sets it up during sign-in (mfaSetup)', async () => {
      const email = 'js-setup@example.com';
      await createUser(handle.server, email);
      const { user, outcome } = authenticate(handle.pool, email);
      expect(await outcome).toEqual({ kind: 'mfa-setup', challengeName: 'MFA_SETUP' });
      const secret = await associate(user);
      const done = await new Promise<Outcome>((resolve) =>
        user.verifySoftwareToken(totpCode(secret), 'My phone', callbacks(resolve)),
      );
      if (done.kind !== 'signed-in') throw new Error(`not signed in: ${JSON.stringify(done)}`);
      expect(done.session.getIdToken().decodePayload().email).toBe(email);
      expect((await authenticate(handle.pool, email).outcome).kind).toBe('totp-required');
    });

    it('Amplify: signIn continues with CONTINUE_SIGN_IN_WITH_TOTP_SETUP, and confirmSignIn finishes it', async () => {
      const email = 'amplify-setup@example.com';
      await createUser(handle.server, email);
      const setup = await signIn({ username: email, password });
      expect(setup.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
      if (setup.nextStep.signInStep !== 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP') return;
      const secret = setup.nextStep.totpSetupDetails.sharedSecret;
      const done = await confirmSignIn({ challengeResponse: totpCode(secret) });
      expect(done).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
      expect(await fetchMFAPreference()).toMatchObject({ enabled: ['TOTP'], preferred: 'TOTP' });
      await signOut();
    });
  });
});
