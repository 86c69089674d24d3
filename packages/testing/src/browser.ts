import { parse as parseHtml } from 'node-html-parser';
import { CookieJar } from 'tough-cookie';

export interface Page {
  url: string;
  status: number;
  html: string;
}

/**
 * A minimal browser over fetch: keeps cookies, follows redirects one hop at a time, and submits
 * the forms it finds, so tests walk the hosted UI the way a person without JavaScript would.
 */
export class Browser {
  readonly jar = new CookieJar();

  /** One request, no redirect following. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = await this.jar.getCookieString(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) await this.jar.setCookie(line, url, { ignoreError: true });
    return response;
  }

  /**
   * Follows redirects from `url` until a page answers, or until a redirect points at `stopAt`
   * (an app's callback, which is not running): then returns that URL without fetching it.
   */
  async visit(url: string, stopAt?: string, init?: RequestInit): Promise<Page | URL> {
    let current = url;
    let response = await this.request(current, init);
    for (let hops = 0; hops < 20; hops++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return { url: current, status: response.status, html: await response.text() };
      }
      await response.body?.cancel();
      current = new URL(location, current).href;
      if (stopAt && current.startsWith(stopAt)) return new URL(current);
      response = await this.request(current);
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Fills and submits the page's form (the first, or the one whose action contains `action`). */
  async submit(page: Page, fields: Record<string, string>, options: { action?: string; stopAt?: string } = {}) {
    const forms = parseHtml(page.html).querySelectorAll('form');
    const form = options.action ? forms.find((f) => f.getAttribute('action')?.includes(options.action!)) : forms[0];
    if (!form) throw new Error(`no form ${options.action ?? ''} on ${page.url}:\n${page.html.slice(0, 500)}`);
    const body = new URLSearchParams();
    for (const input of form.querySelectorAll('input[type=hidden]')) {
      body.set(input.getAttribute('name')!, input.getAttribute('value') ?? '');
    }
    for (const [name, value] of Object.entries(fields)) body.set(name, value);
    const target = new URL(form.getAttribute('action') ?? page.url, page.url).href;
    return this.visit(target, options.stopAt, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  }
}

export function asPage(result: Page | URL): Page {
  if (result instanceof URL) throw new Error(`expected a page, was redirected to ${result.href}`);
  return result;
}

export function asRedirect(result: Page | URL): URL {
  if (!(result instanceof URL)) {
    throw new Error(
      `expected a redirect to the app, got ${result.status} ${result.url}:\n${result.html.slice(0, 800)}`,
    );
  }
  return result;
}

/** The text a person would read: tags stripped, whitespace collapsed. */
export function textOf(page: Page): string {
  return parseHtml(page.html).querySelector('main')?.textContent.replace(/\s+/g, ' ').trim() ?? '';
}
