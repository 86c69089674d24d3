import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  type APIRequestContext,
  type BrowserContext,
  test as base,
  expect,
  type Locator,
  type Page,
  type Response,
} from '@playwright/test';
import { stack, users } from './stack.ts';

export interface Products {
  /** Opens a product's home page (or `path`): the main response, after any redirects. */
  open(product: 'A' | 'B', path?: string): Promise<Response | null>;
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
  /**
   * Opens the product's account page, again each second, until it sends the browser to the hosted
   * sign-in: the product noticed, at its next session check, that the sign-in ended elsewhere.
   */
  expectAskedToSignInWithin(product: 'A' | 'B', timeoutMs: number): Promise<void>;
}

/**
 * The products' back channel to the login server (stack.backChannel): the login service made
 * unreachable from their server side, and back. Reachable again after every test that uses it.
 */
export interface BackChannel {
  /** From now on every connection is dropped, as if the login service were unreachable. */
  down(): Promise<void>;
  /** Everything passes through again. */
  up(): Promise<void>;
  /**
   * What the products asked of the login service through it since the last `down` or `up`: the
   * paths, and the operations of Cognito's JSON API (GetUser, GlobalSignOut, ...).
   */
  record(): Promise<{ seen: string[]; operations: string[] }>;
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
      return page.goto(new URL(at, productUrl(product)).href);
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
    async expectAskedToSignInWithin(product, timeoutMs) {
      await expect(async () => {
        await products.open(product, '/account');
        expect(new URL(page.url()).origin).toBe(new URL(stack.loginServer).origin);
      }).toPass({ timeout: timeoutMs, intervals: [1000] });
      await products.expectHostedSignIn();
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

function backChannelThrough(request: APIRequestContext): BackChannel {
  const control = stack.backChannel?.control;
  const call = async (method: 'GET' | 'PUT' | 'DELETE', at: string) => {
    if (!control) throw new Error('the suite controls the back channel only of a stack it starts itself');
    const response = await request.fetch(`${control}${at}`, { method });
    expect(response.ok(), `${method} ${at} on the back channel's control endpoint`).toBe(true);
    return response;
  };
  return {
    down: async () => void (await call('PUT', '/down')),
    up: async () => void (await call('DELETE', '/down')),
    record: async () => (await call('GET', '/')).json(),
  };
}

export const test = base.extend<{
  products: Products;
  journal: Journal;
  backChannel: BackChannel;
}>({
  // Every test fails if any page it opened reported a Content-Security-Policy violation.
  context: async ({ context }, use) => {
    const violations = await watchCspViolations(context);
    await use(context);
    expect(violations, 'Content-Security-Policy violations reported by the pages').toEqual([]);
  },
  products: async ({ page }, use) => {
    await use(productsOn(page));
  },
  // Reachable at the start of a test that uses it, and again after it, whatever happened.
  backChannel: async ({ request }, use) => {
    const backChannel = backChannelThrough(request);
    await backChannel.up();
    await use(backChannel);
    await backChannel.up();
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
