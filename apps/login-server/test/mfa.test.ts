import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  type AuthenticationResultType,
  type ChallengeNameType,
  CodeMismatchException,
  type CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  EnableSoftwareTokenMFAException,
  GetUserCommand,
  GetUserPoolMfaConfigCommand,
  type InitiateAuthCommandOutput,
  InvalidParameterException,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SoftwareTokenMFANotFoundException,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sdkClient } from './support/cognito-api.ts';
import { decodeJwt } from './support/flows.ts';
import { createUser, password, startTestServer, type TestServer, temporaryPassword } from './support/server.ts';
import { apiClients, passwordAuth, secretHash, signInPool } from './support/sign-in.ts';
import { totpCode, wrongCode } from './support/totp.ts';

/** The sign-in API's test pool with Cognito's MfaConfiguration set. */
function mfaPool(mfa: 'OFF' | 'OPTIONAL' | 'ON'): Record<string, unknown> {
  const pool = signInPool();
  return { ...pool, pool: { ...(pool.pool as object), mfa } };
}

/** A running server for `mfa`, with the AWS SDK pointed at it. */
function serverWith(mfa: 'OFF' | 'OPTIONAL' | 'ON') {
  const handle = {} as { server: TestServer; cognito: CognitoIdentityProviderClient; UserPoolId: string };
  beforeAll(async () => {
    handle.server = await startTestServer({ pool: mfaPool(mfa) });
    handle.cognito = sdkClient(handle.server.baseUrl);
    handle.UserPoolId = handle.server.config.server.userPoolId;
  });
  afterAll(async () => {
    handle.cognito?.destroy();
    await handle.server?.close();
  });
  return handle;
}

const { mobile, web } = apiClients;

/** What a sign-in's answer is: the challenge with its Session, or the tokens. */
type Answer = Pick<
  InitiateAuthCommandOutput,
  'ChallengeName' | 'ChallengeParameters' | 'Session' | 'AuthenticationResult'
>;

/** TOTP MFA (SOFTWARE_TOKEN_MFA, MFA_SETUP and the operations around them) driven by AWS's SDK. */
describe('TOTP MFA with the AWS SDK', () => {
  afterEach(() => vi.useRealTimers());

  describe('in a pool where MFA is optional', () => {
    const handle = serverWith('OPTIONAL');
    const cognito = () => handle.cognito;

    const signInStart = (email: string, pass = password): Promise<Answer> =>
      cognito().send(passwordAuth(mobile.id, email, pass));
    const answerCode = (email: string, Session: string | undefined, code: string): Promise<Answer> =>
      cognito().send(
        new RespondToAuthChallengeCommand({
          ClientId: mobile.id,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session,
          ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code },
        }),
      );
    const tokensOf = (answer: Answer) => answer.AuthenticationResult as Required<AuthenticationResultType>;

    /** A user who signed in, associated and verified a TOTP secret (with the code of the step before now), and turned it on. */
    async function userWithTotp(email: string, deviceName?: string) {
      const user = await createUser(handle.server, email);
      const { AccessToken } = tokensOf(await signInStart(email));
      const { SecretCode } = await cognito().send(new AssociateSoftwareTokenCommand({ AccessToken }));
      const secret = SecretCode as string;
      await cognito().send(
        new VerifySoftwareTokenCommand({ AccessToken, UserCode: totpCode(secret, -1), FriendlyDeviceName: deviceName }),
      );
      await cognito().send(
        new SetUserMFAPreferenceCommand({
          AccessToken,
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
        }),
      );
      return { sub: user.sub, secret, AccessToken };
    }

    it('associates a secret, verifies it with a code, and turns TOTP on with SetUserMFAPreference', async () => {
      const email = 'totp-setup@example.com';
      await createUser(handle.server, email);
      const { AccessToken } = tokensOf(await signInStart(email));
      const associated = await cognito().send(new AssociateSoftwareTokenCommand({ AccessToken }));
      expect(associated.SecretCode).toMatch(/^[A-Z2-7]{52}$/);
      expect(associated.Session).toBeUndefined();
      const secret = associated.SecretCode as string;

      await expect(
        cognito().send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: wrongCode(secret) })),
      ).rejects.toMatchObject({
        name: 'EnableSoftwareTokenMFAException',
        message: 'Code mismatch and fail enable Software Token MFA',
      });
      const verified = await cognito().send(
        new VerifySoftwareTokenCommand({ AccessToken, UserCode: totpCode(secret), FriendlyDeviceName: 'Phone' }),
      );
      expect(verified.Status).toBe('SUCCESS');
      // Verified, not yet on: sign-in asks for no code.
      expect((await cognito().send(new GetUserCommand({ AccessToken }))).UserMFASettingList).toBeUndefined();
      expect(tokensOf(await signInStart(email)).AccessToken).toEqual(expect.any(String));

      await cognito().send(
        new SetUserMFAPreferenceCommand({
          AccessToken,
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
        }),
      );
      const user = await cognito().send(new GetUserCommand({ AccessToken }));
      expect(user).toMatchObject({
        UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
        PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
      });
      const admin = await cognito().send(new AdminGetUserCommand({ UserPoolId: handle.UserPoolId, Username: email }));
      expect(admin).toMatchObject({
        UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
        PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
      });

      const challenge = await signInStart(email);
      expect(challenge.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
      expect(challenge.ChallengeParameters).toEqual({ USER_ID_FOR_SRP: user.Username, FRIENDLY_DEVICE_NAME: 'Phone' });
      expect(challenge.AuthenticationResult).toBeUndefined();
    });

    it('never hands the secret out again, nor keeps it readable in the database', async () => {
      const email = 'totp-secret@example.com';
      const { secret, AccessToken } = await userWithTotp(email);
      const answers = [
        JSON.stringify(await cognito().send(new GetUserCommand({ AccessToken }))),
        JSON.stringify(
          await cognito().send(new AdminGetUserCommand({ UserPoolId: handle.UserPoolId, Username: email })),
        ),
        JSON.stringify(await cognito().send(new ListUsersCommand({ UserPoolId: handle.UserPoolId }))),
      ];
      for (const text of answers) expect(text).not.toContain(secret);
      const stored = await handle.server.services.prisma.user.findFirstOrThrow({ where: { email } });
      expect(stored.totpSecret).toEqual(expect.any(String));
      expect(JSON.stringify(stored)).not.toContain(secret);
    });

    it('signs in with a TOTP code: a wrong one may be typed again, the right one ends the challenge once', async () => {
      const email = 'totp-signin@example.com';
      const { secret, sub } = await userWithTotp(email);
      const challenge = await signInStart(email);
      expect(challenge.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
      await expect(answerCode(email, challenge.Session, wrongCode(secret))).rejects.toMatchObject({
        name: 'CodeMismatchException',
        message: 'Invalid code received for user',
      });
      const done = tokensOf(await answerCode(email, challenge.Session, totpCode(secret)));
      expect(decodeJwt(done.IdToken).payload).toMatchObject({ sub, email });
      expect(done.RefreshToken).toEqual(expect.any(String));
      // The Session is used up: a replay is refused, even with the next code.
      await expect(answerCode(email, challenge.Session, totpCode(secret, 1))).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid session for the user.',
      });
      // USERNAME may be the internal username too (what SRP clients send).
      const second = await signInStart(email);
      await expect(answerCode(sub, second.Session, totpCode(secret, 1))).resolves.toHaveProperty(
        'AuthenticationResult',
      );
    });

    it('takes each code once, and no code of another secret', async () => {
      const alice = await userWithTotp('totp-once@example.com');
      const other = await userWithTotp('totp-other@example.com');
      const first = await signInStart('totp-once@example.com');
      const code = totpCode(alice.secret);
      await answerCode('totp-once@example.com', first.Session, code);
      const again = await signInStart('totp-once@example.com');
      await expect(answerCode('totp-once@example.com', again.Session, code)).rejects.toMatchObject({
        name: 'CodeMismatchException',
        message: 'Your software token has already been used once.',
      });
      // Another user's code is just a wrong code.
      await expect(
        answerCode('totp-once@example.com', again.Session, totpCode(other.secret, 1)),
      ).rejects.toBeInstanceOf(CodeMismatchException);
      // One user's Session does not serve another.
      const theirs = await signInStart('totp-other@example.com');
      await expect(
        answerCode('totp-once@example.com', theirs.Session, totpCode(alice.secret, 1)),
      ).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid session for the user.',
      });
    });

    it('refuses a Session after 3 minutes, one never started, and one used for another challenge', async () => {
      const email = 'totp-late@example.com';
      const { secret } = await userWithTotp(email);
      const challenge = await signInStart(email);
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 3 * 60_000 + 1000);
      await expect(answerCode(email, challenge.Session, totpCode(secret))).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid session for the user, session is expired.',
      });
      vi.useRealTimers();
      await expect(answerCode(email, 'made-up-session', totpCode(secret))).rejects.toMatchObject({
        message: 'Invalid session for the user.',
      });
      const fresh = await signInStart(email);
      await expect(
        cognito().send(
          new RespondToAuthChallengeCommand({
            ClientId: mobile.id,
            ChallengeName: 'MFA_SETUP',
            Session: fresh.Session,
            ChallengeResponses: { USERNAME: email },
          }),
        ),
      ).rejects.toMatchObject({ message: 'Invalid session for the user.' });
      await expect(answerCode(email, fresh.Session, totpCode(secret))).rejects.toMatchObject({
        message: 'Invalid session for the user.',
      });
    });

    it('counts wrong codes towards the lock-out, and a Session takes five tries', async () => {
      const email = 'totp-guess@example.com';
      const { secret } = await userWithTotp(email);
      vi.useFakeTimers({ toFake: ['Date'] });
      const challenge = await signInStart(email);
      for (let i = 0; i < 5; i++) {
        await expect(answerCode(email, challenge.Session, wrongCode(secret))).rejects.toBeInstanceOf(
          CodeMismatchException,
        );
      }
      // The Session is spent, and the user is locked out like after five wrong passwords.
      await expect(answerCode(email, challenge.Session, totpCode(secret))).rejects.toMatchObject({
        message: 'Invalid session for the user.',
      });
      await expect(signInStart(email)).rejects.toMatchObject({ message: 'Password attempts exceeded' });
      vi.setSystemTime(Date.now() + 60_000);
      // A right password does not end the count: only a right code does.
      const next = await signInStart(email);
      await expect(answerCode(email, next.Session, wrongCode(secret))).rejects.toBeInstanceOf(CodeMismatchException);
      await expect(answerCode(email, next.Session, totpCode(secret))).rejects.toMatchObject({
        message: 'Password attempts exceeded',
      });
      vi.setSystemTime(Date.now() + 16 * 60_000);
      const last = await signInStart(email);
      await expect(answerCode(email, last.Session, totpCode(secret))).resolves.toHaveProperty('AuthenticationResult');
      const stored = await handle.server.services.prisma.user.findFirstOrThrow({ where: { email } });
      expect(stored.failedSignIns).toBe(0);
    });

    it('answers the challenge through AdminInitiateAuth and AdminRespondToAuthChallenge, with SECRET_HASH', async () => {
      const email = 'totp-admin@example.com';
      const { secret } = await userWithTotp(email);
      const start = await cognito().send(
        new AdminInitiateAuthCommand({
          UserPoolId: handle.UserPoolId,
          ClientId: web.id,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: password, SECRET_HASH: secretHash(email, web) },
        }),
      );
      expect(start.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
      const respond = (responses: Record<string, string>) =>
        cognito().send(
          new AdminRespondToAuthChallengeCommand({
            UserPoolId: handle.UserPoolId,
            ClientId: web.id,
            ChallengeName: 'SOFTWARE_TOKEN_MFA',
            Session: start.Session,
            ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: totpCode(secret), ...responses },
          }),
        );
      await expect(respond({})).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      await expect(respond({ SECRET_HASH: secretHash(email, web) })).resolves.toHaveProperty(
        'AuthenticationResult.AccessToken',
      );
    });

    it('turns TOTP off and on again, by the user or an administrator', async () => {
      const email = 'totp-toggle@example.com';
      const { AccessToken } = await userWithTotp(email);
      await cognito().send(
        new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: false } }),
      );
      expect((await cognito().send(new GetUserCommand({ AccessToken }))).UserMFASettingList).toBeUndefined();
      expect((await signInStart(email)).AuthenticationResult).toBeDefined();
      const admin = (settings: { Enabled?: boolean; PreferredMfa?: boolean }, Username = email) =>
        cognito().send(
          new AdminSetUserMFAPreferenceCommand({
            UserPoolId: handle.UserPoolId,
            Username,
            SoftwareTokenMfaSettings: settings,
          }),
        );
      await admin({ Enabled: true });
      expect(
        await cognito().send(new AdminGetUserCommand({ UserPoolId: handle.UserPoolId, Username: email })),
      ).toMatchObject({
        UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
      });
      expect((await signInStart(email)).ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
      // Without a verified token there is nothing to turn on; SMS is not offered here.
      await createUser(handle.server, 'totp-none@example.com');
      await expect(admin({ Enabled: true }, 'totp-none@example.com')).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'User has not verified software token mfa',
      });
      await expect(
        cognito().send(new SetUserMFAPreferenceCommand({ AccessToken, SMSMfaSettings: { Enabled: true } })),
      ).rejects.toBeInstanceOf(InvalidParameterException);
    });

    it('keeps the verified token until a newly associated one is verified', async () => {
      const email = 'totp-replace@example.com';
      const { secret, AccessToken } = await userWithTotp(email);
      const { SecretCode } = await cognito().send(new AssociateSoftwareTokenCommand({ AccessToken }));
      const fresh = SecretCode as string;
      // Not verified yet: the old authenticator still signs in.
      const first = await signInStart(email);
      await answerCode(email, first.Session, totpCode(secret));
      await cognito().send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totpCode(fresh, 1) }));
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 60_000);
      const second = await signInStart(email);
      await expect(answerCode(email, second.Session, totpCode(secret))).rejects.toBeInstanceOf(CodeMismatchException);
      await expect(answerCode(email, second.Session, totpCode(fresh))).resolves.toHaveProperty('AuthenticationResult');
    });

    it("describes the pool's MFA configuration", async () => {
      const { UserPool } = await cognito().send(new DescribeUserPoolCommand({ UserPoolId: handle.UserPoolId }));
      expect(UserPool?.MfaConfiguration).toBe('OPTIONAL');
      const config = await cognito().send(new GetUserPoolMfaConfigCommand({ UserPoolId: handle.UserPoolId }));
      expect(config).toMatchObject({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
    });
  });

  describe('in a pool that requires MFA', () => {
    const handle = serverWith('ON');
    const cognito = () => handle.cognito;
    const respond = (
      ChallengeName: ChallengeNameType,
      Session: string | undefined,
      responses: Record<string, string>,
    ) =>
      cognito().send(
        new RespondToAuthChallengeCommand({
          ClientId: mobile.id,
          ChallengeName,
          Session,
          ChallengeResponses: responses,
        }),
      );

    const signInStart = (email: string, pass = password) => cognito().send(passwordAuth(mobile.id, email, pass));

    it('refuses an MFA_SETUP answer whose token was not verified', async () => {
      const email = 'setup-skip@example.com';
      await createUser(handle.server, email);
      const start = await signInStart(email);
      expect(start).toMatchObject({
        ChallengeName: 'MFA_SETUP',
        ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' },
      });
      await expect(respond('MFA_SETUP', start.Session, { USERNAME: email })).rejects.toMatchObject({
        message: 'Invalid session for the user.',
      });
      const again = await signInStart(email);
      const associated = await cognito().send(new AssociateSoftwareTokenCommand({ Session: again.Session }));
      await expect(respond('MFA_SETUP', associated.Session, { USERNAME: email })).rejects.toMatchObject({
        message: 'Invalid session for the user.',
      });
      // Nothing was set up: the next sign-in asks again.
      expect((await signInStart(email)).ChallengeName).toBe('MFA_SETUP');
    });

    it('sets TOTP up during sign-in (MFA_SETUP): associate, verify (a wrong code typed again), then the tokens', async () => {
      const email = 'setup-steps@example.com';
      await createUser(handle.server, email);
      const again = await signInStart(email);
      const associated = await cognito().send(new AssociateSoftwareTokenCommand({ Session: again.Session }));
      const secret = associated.SecretCode as string;
      await expect(
        cognito().send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: wrongCode(secret) })),
      ).rejects.toBeInstanceOf(EnableSoftwareTokenMFAException);
      const verified = await cognito().send(
        new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: totpCode(secret) }),
      );
      expect(verified).toMatchObject({ Status: 'SUCCESS', Session: expect.any(String) });
      // Each step's Session is used once.
      await expect(
        cognito().send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: totpCode(secret, 1) })),
      ).rejects.toMatchObject({ message: 'Invalid session for the user.' });
      const done = await respond('MFA_SETUP', verified.Session, { USERNAME: email });
      const tokens = done.AuthenticationResult as Required<AuthenticationResultType>;
      expect(decodeJwt(tokens.IdToken).payload.email).toBe(email);
      await expect(respond('MFA_SETUP', verified.Session, { USERNAME: email })).rejects.toMatchObject({
        message: 'Invalid session for the user.',
      });
      // Set up: on and preferred, asked for at the next sign-in, and it cannot be turned off here.
      expect(await cognito().send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).toMatchObject({
        UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
        PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
      });
      const next = await signInStart(email);
      expect(next.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
      await expect(
        respond('SOFTWARE_TOKEN_MFA', next.Session, { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: totpCode(secret, 1) }),
      ).resolves.toHaveProperty('AuthenticationResult');
      await expect(
        cognito().send(
          new SetUserMFAPreferenceCommand({
            AccessToken: tokens.AccessToken,
            SoftwareTokenMfaSettings: { Enabled: false },
          }),
        ),
      ).rejects.toBeInstanceOf(InvalidParameterException);
    });

    it('asks for a new password first, then for the TOTP set-up', async () => {
      const email = 'setup-temp@example.com';
      await createUser(handle.server, email, { password: temporaryPassword, status: 'FORCE_CHANGE_PASSWORD' });
      const start = await signInStart(email, temporaryPassword);
      expect(start.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      const next = await respond('NEW_PASSWORD_REQUIRED', start.Session, {
        USERNAME: email,
        NEW_PASSWORD: 'Brand-new-passw0rd!',
      });
      expect(next.ChallengeName).toBe('MFA_SETUP');
    });
  });

  describe('in a pool without MFA', () => {
    const handle = serverWith('OFF');

    it('refuses to associate a software token, and never asks for a code', async () => {
      const email = 'no-mfa@example.com';
      await createUser(handle.server, email);
      const out = await handle.cognito.send(passwordAuth(mobile.id, email, password));
      const AccessToken = out.AuthenticationResult?.AccessToken as string;
      await expect(handle.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken }))).rejects.toMatchObject({
        name: 'SoftwareTokenMFANotFoundException',
        message: 'Software Token MFA has not been enabled by the userPool.',
      });
      await expect(
        handle.cognito.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: '123456' })),
      ).rejects.toBeInstanceOf(SoftwareTokenMFANotFoundException);
      await expect(
        handle.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken, Session: 'also' })),
      ).rejects.toBeInstanceOf(InvalidParameterException);
      const config = await handle.cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: handle.UserPoolId }));
      expect(config).toMatchObject({ MfaConfiguration: 'OFF', SoftwareTokenMfaConfiguration: { Enabled: false } });
    });
  });
});
