import { asPage, asRedirect, Browser, type Page, textOf } from '@sso/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authorizeRequest, decodeJwt, exchangeCode, openSignIn, seenAfter, signIn } from './support/flows.ts';
import { mailCount, mailedCode } from './support/mailbox.ts';
import { createUser, password, temporaryPassword, testClients, useTestServer } from './support/server.ts';

/** The hosted pages, walked as a person without JavaScript would: forms, codes from the mailbox, messages. */
describe('hosted UI', () => {
  const server = useTestServer();
  afterEach(() => vi.useRealTimers());

  const app = testClients.productA;
  const loginPage = () => openSignIn(server.baseUrl, app);
  const link = (page: Page, text: string) => {
    const match = new RegExp(`<a href="([^"]+)">${text}</a>`).exec(page.html);
    if (!match?.[1]) throw new Error(`no link "${text}"`);
    return new URL(match[1].replaceAll('&amp;', '&'), page.url).href;
  };

  it('renders an accessible sign-in form that works without JavaScript', async () => {
    const { page } = await loginPage();
    expect(page.html).not.toContain('<script');
    expect(page.html).toMatch(/<label for="signInFormUsername">Email<\/label>/);
    expect(page.html).toMatch(/<label for="signInFormPassword">Password<\/label>/);
    expect(page.html).toMatch(/<button type="submit"[^>]*>Sign in<\/button>/);
    expect(page.html).toContain('name="_csrf"');
  });

  it('says "Incorrect username or password." for a wrong password and for an unknown user alike', async () => {
    const { browser, page } = await loginPage();
    for (const [username, pass] of [
      ['alice@example.com', 'wrong-Passw0rd!'],
      ['nobody@example.com', password],
    ] as const) {
      const answer = asPage(await browser.submit(page, { username, password: pass }));
      expect(answer.status).toBe(400);
      expect(textOf(answer)).toContain('Incorrect username or password.');
      expect(answer.html).toContain(`value="${username}"`);
    }
  });

  it('locks a user out after repeated wrong passwords ("Password attempts exceeded")', async () => {
    const { browser, page } = await loginPage();
    const email = 'locked@example.com';
    await createUser(server, email);
    // Frozen clock: the lock-out lasts until the test moves the clock on, however slow the machine.
    vi.useFakeTimers({ toFake: ['Date'] });
    for (let i = 0; i < 6; i++) await browser.submit(page, { username: email, password: `Wrong-${i}-passw0rd` });
    const locked = asPage(await browser.submit(page, { username: email, password }));
    expect(textOf(locked)).toContain('Password attempts exceeded');
    // After the cool-down the right password works again.
    vi.setSystemTime(Date.now() + 16 * 60 * 1000);
    try {
      const { browser: later, page: fresh } = await loginPage();
      asRedirect(await later.submit(fresh, { username: email, password }, { stopAt: app.callback }));
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a form posted without a valid CSRF token, keeping what was typed', async () => {
    const { browser, page } = await loginPage();
    const forged = asPage(await browser.submit(page, { username: 'alice@example.com', password, _csrf: 'forged' }));
    expect(forged.status).toBe(403);
    expect(textOf(forged)).toContain('This page has expired');
    expect(forged.html).toContain('value="alice@example.com"');
  });

  it('signs up, confirms with the mailed code, and lands in the app signed in', async () => {
    const { browser, request, page } = await loginPage();
    const signup = asPage(await browser.visit(link(page, 'Sign up')));
    expect(textOf(signup)).toContain('Sign up with a new account');

    const weak = asPage(await browser.submit(signup, { username: 'carol@example.com', password: 'short' }));
    expect(textOf(weak)).toContain('Password did not conform with policy: Password not long enough');

    const confirm = asPage(await browser.submit(weak, { username: 'carol@example.com', password, name: 'Carol' }));
    expect(textOf(confirm)).toContain('We have sent a code by email to carol@example.com');

    const wrong = asPage(await browser.submit(confirm, { code: '000000' }, { action: '/confirmUser' }));
    expect(textOf(wrong)).toContain('Invalid verification code provided, please try again.');

    const code = await mailedCode(server.baseUrl, 'carol@example.com');
    const callback = asRedirect(
      await browser.submit(wrong, { code }, { action: '/confirmUser', stopAt: app.callback }),
    );
    expect(callback.searchParams.get('state')).toBe(request.state);
    const tokens = (await (
      await exchangeCode(server.baseUrl, app, request, callback.searchParams.get('code')!)
    ).json()) as {
      id_token: string;
    };
    expect(decodeJwt(tokens.id_token).payload).toMatchObject({
      email: 'carol@example.com',
      email_verified: true,
      name: 'Carol',
    });
  });

  it('refuses to sign up an email that already has an account', async () => {
    const { browser, page } = await loginPage();
    const signup = asPage(await browser.visit(link(page, 'Sign up')));
    const taken = asPage(await browser.submit(signup, { username: 'alice@example.com', password }));
    expect(textOf(taken)).toContain('An account with the given email already exists.');
  });

  it('sends an unconfirmed user who signs in to the confirmation page with a new code', async () => {
    await server.services.selfService.signUp('dave@example.com', password);
    const { browser, page } = await loginPage();
    const confirm = asPage(await browser.submit(page, { username: 'dave@example.com', password }));
    expect(confirm.url).toContain('/confirmUser');
    const code = await mailedCode(server.baseUrl, 'dave@example.com');
    asRedirect(await browser.submit(confirm, { code }, { action: '/confirmUser', stopAt: app.callback }));
  });

  it('resets a forgotten password with the mailed code', async () => {
    await createUser(server, 'erin@example.com');
    const { browser, page } = await loginPage();
    const forgot = asPage(await browser.visit(link(page, 'Forgot your password\\?')));
    const confirm = asPage(await browser.submit(forgot, { username: 'erin@example.com' }));
    expect(textOf(confirm)).toContain('We have sent a password reset code by email to erin@example.com');
    const code = await mailedCode(server.baseUrl, 'erin@example.com');
    const newPassword = 'N3w-passw0rd!';
    const login = asPage(await browser.submit(confirm, { code, password: newPassword }));
    expect(textOf(login)).toContain('Your password has been reset');
    asRedirect(
      await browser.submit(login, { username: 'erin@example.com', password: newPassword }, { stopAt: app.callback }),
    );
  });

  it('does not reveal whether an account exists when asked to reset a password', async () => {
    await createUser(server, 'unverified-reset@example.com', { emailVerified: false });
    const { browser, page } = await loginPage();
    const forgot = asPage(await browser.visit(link(page, 'Forgot your password\\?')));
    const seen = (username: string) => seenAfter(browser, forgot, { username });
    const known = await seen('alice@example.com');
    expect(known.url).toContain('/confirmForgotPassword?');
    expect(known.text).toContain('We have sent a password reset code by email to <typed>');
    expect(await seen('unverified-reset@example.com')).toEqual(known);
    expect(await seen('nobody@example.com')).toEqual(known);
    // Only the person who can receive a code got one.
    expect(await mailCount(server.baseUrl, 'alice@example.com')).toBeGreaterThan(0);
    expect([
      await mailCount(server.baseUrl, 'unverified-reset@example.com'),
      await mailCount(server.baseUrl, 'nobody@example.com'),
    ]).toEqual([0, 0]);
  });

  it('asks for a new password after a temporary one (NEW_PASSWORD_REQUIRED)', async () => {
    await createUser(server, 'frank@example.com', { password: temporaryPassword, status: 'FORCE_CHANGE_PASSWORD' });
    const { browser, page } = await loginPage();
    const change = asPage(await browser.submit(page, { username: 'frank@example.com', password: temporaryPassword }));
    expect(textOf(change)).toContain('Change your password');
    asRedirect(await browser.submit(change, { newPassword: 'Fr4nk-new-pass!' }, { stopAt: app.callback }));
    const again = await signIn(
      new Browser(),
      authorizeRequest(server.baseUrl, app),
      'frank@example.com',
      'Fr4nk-new-pass!',
    );
    expect(again.searchParams.get('code')).toBeTruthy();
  });

  it('opens /login without a live sign-in by starting one at /oauth2/authorize', async () => {
    const browser = new Browser();
    const query = new URLSearchParams({
      client_id: app.id,
      response_type: 'code',
      redirect_uri: app.callback,
      state: 's1',
    });
    const page = asPage(await browser.visit(`${server.baseUrl}/login?${query}`, app.callback));
    expect(textOf(page)).toContain('Sign in with your email and password');
    const callback = asRedirect(
      await browser.submit(page, { username: 'alice@example.com', password }, { stopAt: app.callback }),
    );
    expect(callback.searchParams.get('state')).toBe('s1');
  });

  it('shows a helpful page, not a stack trace, when /login is opened with nothing', async () => {
    const page = asPage(await new Browser().visit(`${server.baseUrl}/login`));
    expect(page.status).toBe(400);
    expect(textOf(page)).toContain('Sign-in must start from an application.');
  });

  it('lists mailed codes on the mailbox page', async () => {
    await server.services.selfService.signUp('gina@example.com', password);
    const page = asPage(await new Browser().visit(`${server.baseUrl}/mailbox?to=gina@example.com`));
    expect(textOf(page)).toMatch(/Your verification code is \d{6}\./);
  });
});
