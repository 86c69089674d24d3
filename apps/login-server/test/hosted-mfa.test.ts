import {
  AssociateSoftwareTokenCommand,
  GetUserCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { asPage, asRedirect, Browser, type Page, textOf } from '@sso/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useSdkClient } from './support/cognito-api.ts';
import { decodeJwt, exchangeCode, openSignIn, type Tokens } from './support/flows.ts';
import { createUser, password, testClients, useTestServer } from './support/server.ts';
import { apiClients, passwordAuth, signInPool } from './support/sign-in.ts';
import { totpCode, wrongCode } from './support/totp.ts';

const app = testClients.productA;

function poolWith(mfa: 'OPTIONAL' | 'ON'): Record<string, unknown> {
  const pool = signInPool();
  return { ...pool, pool: { ...(pool.pool as object), mfa } };
}

/** The hidden field a page's form carries. */
function hiddenField(page: Page, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(page.html);
  if (!match?.[1]) throw new Error(`no field ${name} on ${page.url}`);
  return match[1];
}

/**
 * The hosted sign-in's TOTP step, walked as a person without JavaScript would: after the password, a
 * page asks for the authenticator's code (or, where MFA is required, sets the authenticator up with a
 * QR code and the key in text), and the same rules hold as at the API.
 */
describe('hosted UI with TOTP MFA', () => {
  afterEach(() => vi.useRealTimers());

  describe('where MFA is optional', () => {
    const server = useTestServer({ pool: poolWith('OPTIONAL') });
    const cognito = useSdkClient(server);

    /** A user who turned TOTP on through the API (verified with the code of the step before now). */
    async function userWithTotp(email: string) {
      const user = await createUser(server, email);
      const signedIn = await cognito.send(passwordAuth(apiClients.mobile.id, email, password));
      const AccessToken = signedIn.AuthenticationResult?.AccessToken as string;
      const secret = (await cognito.send(new AssociateSoftwareTokenCommand({ AccessToken }))).SecretCode as string;
      await cognito.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totpCode(secret, -1) }));
      await cognito.send(
        new SetUserMFAPreferenceCommand({
          AccessToken,
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
        }),
      );
      return { sub: user.sub, secret };
    }

    /** The page after a right password on a fresh hosted sign-in. */
    async function afterPassword(email: string, browser = new Browser()) {
      const { request, page } = await openSignIn(server.baseUrl, app, browser);
      const next = await browser.submit(page, { username: email, password }, { stopAt: app.callback });
      return { browser, request, next };
    }

    it('asks a user with TOTP for the code after the password, and signs them in with it', async () => {
      const email = 'hosted-totp@example.com';
      const { secret, sub } = await userWithTotp(email);
      const { browser, request, next } = await afterPassword(email);
      const prompt = asPage(next);
      expect(prompt.status).toBe(200);
      expect(prompt.html).toMatch(/<h1>Enter your authentication code<\/h1>/);
      expect(prompt.html).toMatch(/<label for="totpCode">Code<\/label>/);
      expect(prompt.html).toContain('name="_csrf"');
      expect(prompt.html).not.toContain('<script');

      const wrong = asPage(await browser.submit(prompt, { code: wrongCode(secret) }));
      expect(wrong.status).toBe(400);
      expect(textOf(wrong)).toContain('Invalid code received for user');
      const callback = asRedirect(await browser.submit(wrong, { code: totpCode(secret) }, { stopAt: app.callback }));
      const tokens = (await (
        await exchangeCode(server.baseUrl, app, request, callback.searchParams.get('code') as string)
      ).json()) as Tokens;
      expect(decodeJwt(tokens.id_token).payload).toMatchObject({ sub, email });
    });

    it('signs a user without TOTP straight in', async () => {
      await createUser(server, 'hosted-plain@example.com');
      const { next } = await afterPassword('hosted-plain@example.com');
      expect(asRedirect(next).searchParams.get('code')).toBeTruthy();
    });

    it("refuses a code posted without the page's CSRF token, or for another browser's sign-in", async () => {
      const email = 'hosted-csrf@example.com';
      const { secret } = await userWithTotp(email);
      const { browser, next } = await afterPassword(email);
      const prompt = asPage(next);
      const forged = asPage(await browser.submit(prompt, { code: totpCode(secret), _csrf: 'forged' }));
      expect(forged.status).toBe(403);
      expect(textOf(forged)).toContain('This page has expired');

      // Another browser with its own sign-in in progress cannot answer this one's challenge.
      const other = await afterPassword(email);
      const stolen = asPage(
        await other.browser.submit(asPage(other.next), {
          challenge: hiddenField(prompt, 'challenge'),
          code: totpCode(secret),
        }),
      );
      expect(stolen.html).toContain('Sign in with your email and password');
      // The challenge was spent by that try; this browser starts over too.
      const after = asPage(await browser.submit(prompt, { code: totpCode(secret) }));
      expect(after.html).toContain('Sign in with your email and password');
    });

    it('counts wrong codes at the hosted page towards the lock-out, as at the API', async () => {
      const email = 'hosted-guess@example.com';
      const { secret } = await userWithTotp(email);
      vi.useFakeTimers({ toFake: ['Date'] });
      const { browser, next } = await afterPassword(email);
      let page = asPage(next);
      for (let i = 0; i < 5; i++) {
        page = asPage(await browser.submit(page, { code: wrongCode(secret) }));
        expect(textOf(page)).toContain('Invalid code received for user');
      }
      const { next: locked } = await afterPassword(email);
      expect(textOf(asPage(locked))).toContain('Password attempts exceeded');
    });
  });

  describe('where MFA is required', () => {
    const server = useTestServer({ pool: poolWith('ON') });
    const cognito = useSdkClient(server);

    it('sets TOTP up after the password: a QR code and the key, then its first code', async () => {
      const email = 'hosted-setup@example.com';
      await createUser(server, email);
      const browser = new Browser();
      const { page } = await openSignIn(server.baseUrl, app, browser);
      const setup = asPage(await browser.submit(page, { username: email, password }));
      expect(setup.html).toMatch(/<h1>Set up an authenticator app<\/h1>/);
      // The QR code is an inline SVG drawn with attributes only: nothing the page's policy forbids.
      const svg = /<svg [^>]*>[\s\S]*<\/svg>/.exec(setup.html)?.[0] ?? '';
      expect(svg).toContain('role="img"');
      expect(svg).toMatch(/<path /);
      expect(svg).not.toMatch(/style=|data:|<script/);
      const secret = /<code class="secret">([A-Z2-7]{52})<\/code>/.exec(setup.html)?.[1] as string;
      expect(secret).toBeTruthy();

      // A wrong code shows the same key again.
      const wrong = asPage(await browser.submit(setup, { code: wrongCode(secret) }));
      expect(wrong.status).toBe(400);
      expect(textOf(wrong)).toContain('Code mismatch and fail enable Software Token MFA');
      expect(wrong.html).toContain(secret);
      const forged = asPage(await browser.submit(wrong, { code: totpCode(secret), _csrf: 'forged' }));
      expect(forged.status).toBe(403);
      expect(forged.html).toContain(secret);
      asRedirect(await browser.submit(forged, { code: totpCode(secret, -1) }, { stopAt: app.callback }));

      // Set up: the next sign-in asks for a code of that key, and the API shows it preferred.
      const second = new Browser();
      const { page: again } = await openSignIn(server.baseUrl, app, second);
      const prompt = asPage(await second.submit(again, { username: email, password }));
      expect(prompt.html).toMatch(/<h1>Enter your authentication code<\/h1>/);
      asRedirect(await second.submit(prompt, { code: totpCode(secret) }, { stopAt: app.callback }));

      const api = await cognito.send(passwordAuth(apiClients.mobile.id, email, password));
      expect(api.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
      const done = await cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: apiClients.mobile.id,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: api.Session,
          ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: totpCode(secret, 1) },
        }),
      );
      const user = await cognito.send(new GetUserCommand({ AccessToken: done.AuthenticationResult?.AccessToken }));
      expect(user).toMatchObject({
        UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
        PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
      });
    });

    it('starts a set-up page over when the set-up was finished in another tab', async () => {
      const email = 'hosted-two-tabs@example.com';
      await createUser(server, email);
      const setupIn = async (browser: Browser) => {
        const { page } = await openSignIn(server.baseUrl, app, browser);
        return asPage(await browser.submit(page, { username: email, password }));
      };
      const [first, second] = [new Browser(), new Browser()];
      const stale = await setupIn(first);
      const current = await setupIn(second);
      const secret = /<code class="secret">([A-Z2-7]{52})<\/code>/.exec(current.html)?.[1] as string;
      asRedirect(await second.submit(current, { code: totpCode(secret) }, { stopAt: app.callback }));
      // The first tab's key was replaced, then set up: its page has nothing left to verify.
      const answer = asPage(await first.submit(stale, { code: totpCode(secret, 1) }));
      expect(answer.status).toBeLessThan(500);
      expect(answer.html).toContain('Sign in with your email and password');
    });

    it('asks for a new password first, then sets TOTP up', async () => {
      const email = 'hosted-temp@example.com';
      await createUser(server, email, { password: 'Temp-passw0rd!', status: 'FORCE_CHANGE_PASSWORD' });
      const browser = new Browser();
      const { page } = await openSignIn(server.baseUrl, app, browser);
      const change = asPage(await browser.submit(page, { username: email, password: 'Temp-passw0rd!' }));
      expect(change.html).toContain('Change your password');
      const setup = asPage(await browser.submit(change, { newPassword: 'Chosen-passw0rd!' }));
      expect(setup.html).toMatch(/<h1>Set up an authenticator app<\/h1>/);
    });
  });
});
