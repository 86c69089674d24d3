import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { anyone, stack } from '../support/stack.ts';

/** Records every page of the hosted sign-in form the tab shows from now on. */
function hostedSignInPages(page: Page): string[] {
  const seen: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && frame.url().startsWith(`${stack.loginServer}/login`)) seen.push(frame.url());
  });
  return seen;
}

test.describe('the SSO journey', () => {
  test('signed in on product A, a person gets into product B with one click and no form', async ({
    page,
    products,
    journal,
  }) => {
    await products.signIn('A', anyone.email);
    await products.expectSignedIn(anyone.name);

    const hostedPages = hostedSignInPages(page);
    await products.open('B');
    await products.expectSignedOut();
    await products.startLogin();
    await page.waitForURL(`${stack.productB}/`);
    await products.expectSignedIn(anyone.name);
    expect(hostedPages, 'no sign-in form on the way').toEqual([]);
    await journal.step('signed in on product B without a password');
  });

  test('sign up on the hosted login, use product A, then product B with one click', async ({
    page,
    context,
    products,
    journal,
  }) => {
    test.skip(!stack.hasMailbox, 'signing up needs the emailed code, which only the local mailbox shows');
    const email = `nova-${Date.now()}@example.com`;
    await products.open('A');
    await products.expectSignedOut();
    await journal.step('product A, signed out');

    await products.startLogin();
    await expect(page.getByRole('heading', { name: 'Sign in with your email and password' })).toBeVisible();
    await journal.step('hosted login');

    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Name').fill('Nova Newcomer');
    await page.getByLabel('Password').fill('Str0ng-passw0rd!');
    await journal.step('hosted sign-up');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect(page.getByRole('heading', { name: 'Confirm your account' })).toBeVisible();
    await journal.step('asked for the emailed code');

    // The local login server keeps the email it would have sent on its mailbox page.
    const mailbox = await context.newPage();
    await mailbox.goto(`${stack.loginServer}/mailbox?to=${encodeURIComponent(email)}`);
    const message = mailbox.getByRole('table').getByRole('row').filter({ hasText: email }).first();
    const code = /\b(\d{6})\b/.exec((await message.textContent()) ?? '')?.[1];
    expect(code, 'a 6-digit code on the mailbox page').toBeTruthy();
    await mailbox.screenshot({ path: test.info().outputPath('mailbox.png') });
    await mailbox.close();

    await page.getByLabel('Verification code').fill(code!);
    await page.getByRole('button', { name: 'Confirm account' }).click();
    await page.waitForURL(`${stack.productA}/`);
    await products.expectSignedIn('Nova Newcomer');
    await journal.step('signed in on product A');

    // On product B one click is enough: the hosted login remembers the person (no form).
    const hostedPages = hostedSignInPages(page);
    await products.open('B');
    await products.expectSignedOut();
    await journal.step('product B, signed out');
    await products.startLogin();
    await page.waitForURL(`${stack.productB}/`);
    await products.expectSignedIn('Nova Newcomer');
    expect(hostedPages, 'no sign-in form on the way').toEqual([]);
    await journal.step('signed in on product B without a password');

    await page.getByRole('navigation').getByRole('link', { name: 'Account' }).click();
    await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText('made at first sign-in');
    await expect(page.getByRole('main')).toContainText(email);
    await journal.step('product B account page');
  });
});
