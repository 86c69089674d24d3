import type { APIRequestContext } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { stack, users } from '../support/stack.ts';

/** The login service's users with this email, through Cognito's ListUsers (the local server's admin API). */
async function loginServiceUsers(request: APIRequestContext, email: string) {
  const response = await request.post(`${stack.loginServer}/`, {
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers',
    },
    data: JSON.stringify({ UserPoolId: 'us-east-1_LocalPool', Filter: `email = "${email}"` }),
  });
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { Users: { UserStatus: string }[] }).Users;
}

// In order: the wrong password first, while Erin is still only in product A's own table.
test.describe.configure({ mode: 'serial' });

test.describe("a legacy user moves to the login service at her first sign-in, with product A's password", () => {
  test.skip(!stack.hasUserMigration, "needs the local stack's user migration trigger and Erin's legacy row");

  test('a wrong legacy password fails as any wrong password does, and makes no account', async ({
    page,
    products,
    request,
    journal,
  }) => {
    await products.open('A');
    await products.startLogin();
    await products.signInOnHostedPage(users.erin, 'Not-her-passw0rd!');
    await expect(page.getByRole('alert')).toContainText('Incorrect username or password.');
    await journal.step('wrong legacy password refused');
    expect(await loginServiceUsers(request, users.erin)).toEqual([]);
  });

  test('the right one signs her in to A, binds her row, and B sees her through SSO', async ({
    page,
    products,
    request,
    journal,
  }) => {
    expect(await loginServiceUsers(request, users.erin)).toEqual([]);
    await products.open('A');
    await products.startLogin();
    await products.signInOnHostedPage(users.erin, users.erinLegacyPassword);
    await page.waitForURL(`${stack.productA}/**`);
    await products.expectSignedIn('Erin Evans');
    await page.getByRole('navigation').getByRole('link', { name: 'Account' }).click();
    const main = page.getByRole('main');
    await expect(main).toContainText('existing account, linked by verified email');
    await expect(main.getByRole('list')).toContainText('Data migration');
    await journal.step('product A, legacy row bound on first sign-in');
    expect(await loginServiceUsers(request, users.erin)).toMatchObject([{ UserStatus: 'CONFIRMED' }]);

    await products.open('B');
    await products.startLogin();
    await page.waitForURL(`${stack.productB}/**`);
    await products.expectSignedIn('Erin Evans');
    await journal.step('product B with one click');

    // Signed out everywhere, the same password now works from the login service's own account.
    await products.open('A');
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.waitForURL(`${stack.productA}/`);
    await products.startLogin();
    await products.signInOnHostedPage(users.erin, users.erinLegacyPassword);
    await page.waitForURL(`${stack.productA}/**`);
    await products.expectSignedIn('Erin Evans');
    await journal.step('signed in again, now by the login service');
    expect(await loginServiceUsers(request, users.erin)).toHaveLength(1);
  });
});
