import {
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  DescribeUserPoolClientCommand,
  InvalidParameterException,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { asPage, textOf } from '@sso/testing';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiRequest, codeClientInput, useSdkClient } from './support/cognito-api.ts';
import { openSignIn, seenAfter } from './support/flows.ts';
import { mailCount } from './support/mailbox.ts';
import { createUser, password, testClients, testPool, useTestServer } from './support/server.ts';

/**
 * PreventUserExistenceErrors, per app client: with ENABLED (the pool file's default) nothing a
 * person or a program gets back tells whether an account exists; with LEGACY Cognito's older
 * answers say so. Hosted pages and the JSON API, both settings.
 */
describe('PreventUserExistenceErrors', () => {
  const legacy = { id: 'legacy', callback: 'http://localhost:3001/callback' };
  const enabled = testClients.spa;
  const server = useTestServer({
    pool: testPool({
      clientId: legacy.id,
      clientName: 'Legacy',
      callbackUrls: [legacy.callback],
      allowedOAuthScopes: ['openid', 'email'],
      preventUserExistenceErrors: 'LEGACY',
    }),
  });
  const cognito = useSdkClient(server);

  beforeAll(async () => {
    const { users, selfService } = server.services;
    await createUser(server, 'known@example.com');
    await createUser(server, 'unverified@example.com', { emailVerified: false });
    const disabled = await createUser(server, 'disabled@example.com');
    await users.setEnabled(disabled.sub, false);
    await selfService.signUp('pending@example.com', password);
  });
  afterEach(() => vi.useRealTimers());

  /** One call of the JSON API, answered as `{ ok }` or `{ type, message }`. */
  const call = async (action: string, body: Record<string, unknown>) => {
    const response = await apiRequest(server.baseUrl, action, JSON.stringify(body));
    const json = (await response.json()) as { __type?: string; message?: string };
    return response.ok ? { ok: json } : { type: json.__type, message: json.message };
  };

  describe('ENABLED', () => {
    it('answers an unknown login at the hosted sign-in like a wrong password, lock-out included', async () => {
      const { browser, page } = await openSignIn(server.baseUrl, testClients.productA);
      // Frozen clock: the lock-outs below last until the test says otherwise.
      vi.useFakeTimers({ toFake: ['Date'] });
      const tries = async (username: string) => {
        const answers = [];
        for (let i = 0; i < 7; i++)
          answers.push(await seenAfter(browser, page, { username, password: `Wrong-${i}-passw0rd` }));
        return answers;
      };
      const known = await tries('known@example.com');
      expect(
        known.map((a) => a.text.match(/Incorrect username or password\.|Password attempts exceeded/)?.[0]),
      ).toEqual([...Array(5).fill('Incorrect username or password.'), ...Array(2).fill('Password attempts exceeded')]);
      expect(await tries('nobody@example.com')).toEqual(known);
      // The lock-out ends for an unknown login as it does for a user.
      vi.setSystemTime(Date.now() + 16 * 60 * 1000);
      expect((await seenAfter(browser, page, { username: 'nobody@example.com', password })).text).toContain(
        'Incorrect username or password.',
      );
    });

    it('answers the hosted forgot-password, resend and confirm forms alike for every user', async () => {
      const { browser, page } = await openSignIn(server.baseUrl, testClients.productA);
      const query = new URL(page.url).search;
      const forgot = asPage(await browser.visit(`${server.baseUrl}/forgotPassword${query}`));
      const users = ['known@example.com', 'unverified@example.com', 'disabled@example.com', 'nobody@example.com'];
      const forgotAnswers = [];
      for (const username of users) forgotAnswers.push(await seenAfter(browser, forgot, { username }));
      expect(new Set(forgotAnswers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(forgotAnswers[0]?.url).toContain('/confirmForgotPassword?');

      // A wrong reset code: the same answer, whether a code was sent or only simulated.
      const reset = asPage(await browser.visit(`${server.baseUrl}/confirmForgotPassword${query}&username=x`));
      const resetAnswers = [];
      for (const username of users) {
        resetAnswers.push(await seenAfter(browser, reset, { username, code: '000000', password: 'N3w-passw0rd!' }));
      }
      expect(new Set(resetAnswers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(resetAnswers[0]?.text).toContain('Invalid verification code provided, please try again.');

      // Resend a sign-up code, confirm with a wrong one: unconfirmed, confirmed and unknown alike.
      const confirm = asPage(await browser.visit(`${server.baseUrl}/confirmUser${query}&username=x`));
      const accounts = ['pending@example.com', 'known@example.com', 'nobody@example.com'];
      const resent = [];
      const confirmed = [];
      for (const username of accounts) {
        resent.push(await seenAfter(browser, confirm, { username }, '/resendCode'));
        confirmed.push(await seenAfter(browser, confirm, { username, code: '000000' }, '/confirmUser'));
      }
      expect(new Set(resent.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(resent[0]?.text).toContain('We have sent a new code.');
      expect(new Set(confirmed.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(confirmed[0]?.text).toContain('Invalid verification code provided, please try again.');
      // Codes went only where they can be used.
      expect(await mailCount(server.baseUrl, 'nobody@example.com')).toBe(0);
      expect(await mailCount(server.baseUrl, 'unverified@example.com')).toBe(0);
    });

    it("answers the JSON API with Cognito's simulated deliveries and code errors", async () => {
      const ClientId = enabled.id;
      const delivery = (to: string) => ({
        ok: {
          CodeDeliveryDetails: {
            Destination: `${to[0]}***@e***`,
            DeliveryMedium: 'EMAIL',
            AttributeName: 'email',
          },
        },
      });
      for (const Username of [
        'known@example.com',
        'unverified@example.com',
        'disabled@example.com',
        'nobody@example.com',
      ]) {
        expect([Username, await call('ForgotPassword', { ClientId, Username })]).toEqual([
          Username,
          delivery(Username),
        ]);
      }
      for (const Username of [
        'pending@example.com',
        'known@example.com',
        'disabled@example.com',
        'nobody@example.com',
      ]) {
        expect([Username, await call('ResendConfirmationCode', { ClientId, Username })]).toEqual([
          Username,
          delivery(Username),
        ]);
        expect([Username, await call('ConfirmSignUp', { ClientId, Username, ConfirmationCode: '000000' })]).toEqual([
          Username,
          { type: 'CodeMismatchException', message: 'Invalid verification code provided, please try again.' },
        ]);
      }
      const mismatch = {
        type: 'CodeMismatchException',
        message: 'Invalid verification code provided, please try again.',
      };
      for (const Username of [
        'known@example.com',
        'unverified@example.com',
        'disabled@example.com',
        'nobody@example.com',
      ]) {
        const answer = await call('ConfirmForgotPassword', {
          ClientId,
          Username,
          ConfirmationCode: '000000',
          Password: 'N3w-passw0rd!',
        });
        expect([Username, answer]).toEqual([Username, mismatch]);
        const weak = await call('ConfirmForgotPassword', {
          ClientId,
          Username,
          ConfirmationCode: '000000',
          Password: 'weak',
        });
        expect([Username, weak.type]).toEqual([Username, 'InvalidPasswordException']);
      }
      // Cognito's documented exception: a user who asked for no code is told the code expired.
      expect(
        await call('ConfirmForgotPassword', {
          ClientId,
          Username: 'bob@example.com',
          ConfirmationCode: '000000',
          Password: 'N3w-passw0rd!',
        }),
      ).toMatchObject({ type: 'ExpiredCodeException' });
      expect(await mailCount(server.baseUrl, 'nobody@example.com')).toBe(0);
    });
  });

  describe('LEGACY', () => {
    it('says at the hosted pages that a user does not exist', async () => {
      const { browser, page } = await openSignIn(server.baseUrl, legacy);
      expect(textOf(asPage(await browser.submit(page, { username: 'nobody@example.com', password })))).toContain(
        'User does not exist.',
      );
      expect(
        textOf(asPage(await browser.submit(page, { username: 'alice@example.com', password: 'Wrong-passw0rd!' }))),
      ).toContain('Incorrect username or password.');

      const forgot = asPage(await browser.visit(`${server.baseUrl}/forgotPassword${new URL(page.url).search}`));
      const unknown = asPage(await browser.submit(forgot, { username: 'nobody@example.com' }));
      expect([unknown.status, textOf(unknown)]).toEqual([
        400,
        expect.stringContaining('Username/client id combination not found.'),
      ]);
      const unverified = asPage(await browser.submit(forgot, { username: 'unverified@example.com' }));
      expect(textOf(unverified)).toContain(
        'Cannot reset password for the user as there is no registered/verified email',
      );
    });

    it("answers the JSON API with Cognito's legacy errors", async () => {
      const ClientId = legacy.id;
      const notFound = { type: 'UserNotFoundException', message: 'Username/client id combination not found.' };
      expect(await call('ForgotPassword', { ClientId, Username: 'nobody@example.com' })).toEqual(notFound);
      expect(await call('ForgotPassword', { ClientId, Username: 'unverified@example.com' })).toMatchObject({
        type: 'InvalidParameterException',
      });
      expect(await call('ForgotPassword', { ClientId, Username: 'disabled@example.com' })).toEqual({
        type: 'NotAuthorizedException',
        message: 'User is disabled.',
      });
      expect(await call('ResendConfirmationCode', { ClientId, Username: 'nobody@example.com' })).toEqual(notFound);
      expect(await call('ResendConfirmationCode', { ClientId, Username: 'known@example.com' })).toEqual({
        type: 'InvalidParameterException',
        message: 'User is already confirmed.',
      });
      expect(await call('ConfirmSignUp', { ClientId, Username: 'nobody@example.com', ConfirmationCode: '1' })).toEqual(
        notFound,
      );
      expect(await call('ConfirmSignUp', { ClientId, Username: 'known@example.com', ConfirmationCode: '1' })).toEqual({
        type: 'NotAuthorizedException',
        message: 'User cannot be confirmed. Current status is CONFIRMED',
      });
      expect(
        await call('ConfirmForgotPassword', {
          ClientId,
          Username: 'nobody@example.com',
          ConfirmationCode: '000000',
          Password: 'N3w-passw0rd!',
        }),
      ).toEqual(notFound);
    });
  });

  describe('in the admin API', () => {
    const UserPoolId = 'us-east-1_LocalPool';
    const client = (extra: Partial<CreateUserPoolClientCommandInput>) => codeClientInput('Existence', extra);

    it("is the pool file's ENABLED by default, and Cognito's API default (LEGACY) when a request leaves it out", async () => {
      const fromFile = await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId: enabled.id }));
      expect(fromFile.UserPoolClient?.PreventUserExistenceErrors).toBe('ENABLED');
      const made = await cognito.send(new CreateUserPoolClientCommand(client({})));
      expect(made.UserPoolClient?.PreventUserExistenceErrors).toBe('LEGACY');
    });

    it('is set by CreateUserPoolClient and UpdateUserPoolClient, and applies at once', async () => {
      const made = await cognito.send(
        new CreateUserPoolClientCommand(client({ PreventUserExistenceErrors: 'ENABLED' })),
      );
      const ClientId = made.UserPoolClient!.ClientId!;
      expect(made.UserPoolClient?.PreventUserExistenceErrors).toBe('ENABLED');
      expect(await call('ForgotPassword', { ClientId, Username: 'nobody@example.com' })).toHaveProperty('ok');

      await cognito.send(
        new UpdateUserPoolClientCommand({ ...client({ PreventUserExistenceErrors: 'LEGACY' }), ClientId }),
      );
      const described = await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId }));
      expect(described.UserPoolClient?.PreventUserExistenceErrors).toBe('LEGACY');
      expect(await call('ForgotPassword', { ClientId, Username: 'nobody@example.com' })).toMatchObject({
        type: 'UserNotFoundException',
      });

      await expect(
        cognito.send(new CreateUserPoolClientCommand(client({ PreventUserExistenceErrors: 'SOMETIMES' as never }))),
      ).rejects.toBeInstanceOf(InvalidParameterException);
    });
  });
});
