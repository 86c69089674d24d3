import { expect, test } from '../support/fixtures.ts';
import { stack, users } from '../support/stack.ts';

const refusedHeading = 'You do not have access to this page';

test.describe("product A authorizes by its role or the login service's admins group", () => {
  test.skip(!stack.hasDemoUsers, 'needs the demo users seeded as admin and member');

  test('an admin opens the admin page', async ({ page, products }) => {
    await products.signIn('A', users.alice);
    const response = await page.goto(`${stack.productA}/admin`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: 'Workspace admin' })).toBeVisible();
    await expect(page.getByRole('table')).toContainText('alice@example.com');
  });

  test("a member in the login service's admins group opens the admin page through it", async ({
    page,
    products,
    journal,
  }) => {
    await products.signIn('A', users.frank);
    await page.getByRole('navigation').getByRole('link', { name: 'Account' }).click();
    await expect(page.getByRole('main')).toContainText('member');
    const response = await page.goto(`${stack.productA}/admin`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: 'Workspace admin' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText("as a member of the company login's admins group");
    await expect(page.getByRole('table')).toContainText('frank@example.com');
    await journal.step('admin through the group');
  });

  test('a member is refused with a 403 page', async ({ page, products }) => {
    await products.signIn('A', users.dana);
    const response = await page.goto(`${stack.productA}/admin`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: refusedHeading })).toBeVisible();
  });
});

test.describe('product B authorizes by plan', () => {
  test.skip(!stack.hasDemoUsers, 'needs the demo users seeded as pro and free customers');

  test('a pro customer opens the pro reports', async ({ page, products }) => {
    await products.signIn('B', users.bob);
    const response = await page.goto(`${stack.productB}/reports`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: 'Pro reports' })).toBeVisible();
  });

  test('a free customer is refused with a 403 page', async ({ page, products }) => {
    await products.signIn('B', users.dana);
    const response = await page.goto(`${stack.productB}/reports`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: refusedHeading })).toBeVisible();
  });
});
