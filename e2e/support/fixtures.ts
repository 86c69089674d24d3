import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type BrowserContext, test as base, expect, type Locator, type Page } from '@playwright/test';
import { stack, users } from './stack.ts';

export interface Products {
  /** Opens a product's home page. */
  open(product: 'A' | 'B', path?: string): Promise<void>;
  /** Clicks the product's sign-in button (the Authorization Code flow starts). */
  startLogin(): Promise<void>;
  /** Waits for the hosted sign-in form (the login service asks for a password). */
  expectHostedSignIn(): Promise<void>;
  /** Fills the hosted login form and submits it. */
  signInOnHostedPage(email: string, password?: string): Promise<void>;
  /** The whole sign-in: product → hosted form → back on the product, signed in. */
  signIn(product: 'A' | 'B', email: string): Promise<void>;
  expectSignedIn(name: string | RegExp): Promise<void>;
  expectSignedOut(): Promise<void>;
}

export interface Journal {
  /** Saves a screenshot of this step (attached to the report and kept in e2e/screenshots/). */
  step(name: string): Promise<void>;
}

const productUrl = (product: 'A' | 'B') => (product === 'A' ? stack.productA : stack.productB);

interface HostedSignInForm {
  /** Present only while the sign-in form is shown. */
  ready: Locator;
  email: Locator;
  password: Locator;
  submit: Locator;
}

/**
 * The hosted sign-in form. The local login server's page is plain and accessible. Cognito's classic
 * hosted UI renders the form twice (one per screen size, one hidden by CSS), so there the fields are
 * found by the names both share (docs: username, password, signInSubmitButton), visible ones only.
 */
function hostedSignInForm(page: Page): HostedSignInForm {
  if (stack.target === 'cognito') {
    const field = (name: string) => page.locator(`[name="${name}"]`).filter({ visible: true });
    return {
      ready: field('password'),
      email: field('username'),
      password: field('password'),
      submit: field('signInSubmitButton'),
    };
  }
  return {
    ready: page.getByRole('heading', { name: 'Sign in with your email and password' }),
    email: page.getByLabel('Email'),
    password: page.getByLabel('Password'),
    submit: page.getByRole('button', { name: 'Sign in' }),
  };
}

function productsOn(page: Page): Products {
  const products: Products = {
    async open(product, at = '/') {
      await page.goto(new URL(at, productUrl(product)).href);
    },
    async startLogin() {
      await page.getByRole('button', { name: 'Login Auth Code Flow' }).first().click();
    },
    async expectHostedSignIn() {
      await expect(hostedSignInForm(page).ready).toBeVisible();
    },
    async signInOnHostedPage(email, password = users.password) {
      const form = hostedSignInForm(page);
      await expect(form.ready).toBeVisible();
      await form.email.fill(email);
      await form.password.fill(password);
      await form.submit.click();
    },
    async signIn(product, email) {
      await products.open(product);
      await products.startLogin();
      await products.signInOnHostedPage(email);
      await page.waitForURL(`${productUrl(product)}/**`);
    },
    async expectSignedIn(name) {
      await expect(page.getByRole('banner')).toContainText(name instanceof RegExp ? name : `Signed in as ${name}`);
    },
    async expectSignedOut() {
      await expect(page.getByRole('banner').getByRole('button', { name: 'Login Auth Code Flow' })).toBeVisible();
    },
  };
  return products;
}

/** What a page reports of a Content-Security-Policy violation (the `securitypolicyviolation` event). */
interface CspViolation {
  documentURI: string;
  effectiveDirective: string;
  blockedURI: string;
  sample: string;
  disposition: string;
}

/**
 * Collects every Content-Security-Policy violation any page of the context reports: a policy too
 * tight for what its page really does, or a page doing what its policy forbids. It watches the
 * products' pages and the hosted login's alike: the page's own `securitypolicyviolation` events
 * (from an init script, before any script of the page runs), and Chromium's console messages.
 */
async function watchCspViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding('__reportCspViolation', (_source, v: CspViolation) => {
    violations.push(
      `${v.documentURI}: ${v.effectiveDirective} (${v.disposition}) blocked ${v.blockedURI}${v.sample ? ` "${v.sample}"` : ''}`,
    );
  });
  await context.addInitScript(() => {
    const report = (window as unknown as { __reportCspViolation(v: CspViolation): void }).__reportCspViolation;
    document.addEventListener('securitypolicyviolation', (event) =>
      report({
        documentURI: event.documentURI,
        effectiveDirective: event.effectiveDirective,
        blockedURI: event.blockedURI,
        sample: event.sample,
        disposition: event.disposition,
      }),
    );
  });
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`${message.page()?.url()}: ${message.text()}`);
  });
  return violations;
}

export const test = base.extend<{ products: Products; journal: Journal }>({
  // Every test fails if any page it opened reported a Content-Security-Policy violation.
  context: async ({ context }, use) => {
    const violations = await watchCspViolations(context);
    await use(context);
    expect(violations, 'Content-Security-Policy violations reported by the pages').toEqual([]);
  },
  products: async ({ page }, use) => {
    await use(productsOn(page));
  },
  journal: async ({ page }, use, testInfo) => {
    const folder = path.join(stack.output, 'screenshots', testInfo.titlePath.slice(1).join(' - '));
    mkdirSync(folder, { recursive: true });
    let count = 0;
    await use({
      async step(name) {
        count += 1;
        const file = path.join(folder, `${String(count).padStart(2, '0')}-${name.replace(/\W+/g, '-')}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await testInfo.attach(name, { path: file, contentType: 'image/png' });
      },
    });
  },
});

export { expect };
