import { parse as parseHtml } from 'node-html-parser';
import { CookieJar } from 'tough-cookie';
import { Agent, type Dispatcher, request } from 'undici';

/**
 * The load generator's HTTP: one keep-alive agent for every simulated person (as many sockets as
 * the concurrency needs), each person with a cookie jar of their own. No redirect is followed
 * implicitly: flows step through them, as the browser would, so every hop is counted.
 */
export function createAgent(connections: number): Agent {
  return new Agent({ connections, pipelining: 1, keepAliveTimeout: 30_000 });
}

export interface Answer {
  status: number;
  location: string | undefined;
  body: string;
  url: string;
}

export class HttpError extends Error {
  override name = 'HttpError';
}

/** A person: their cookies, and the agent their requests go through. */
export class Visitor {
  readonly jar = new CookieJar();
  private readonly agent: Dispatcher;

  constructor(agent: Dispatcher) {
    this.agent = agent;
  }

  /**
   * Another visitor in the same browser with the login service's cookies (its hosted session) and
   * no product's: cookies ignore ports, so on localhost the products' cookies come along unless left out.
   */
  async sharingHostedSession(site: string): Promise<Visitor> {
    const other = new Visitor(this.agent);
    for (const cookie of await this.jar.getCookies(site)) {
      if (!cookie.key.startsWith('product_')) await other.jar.setCookie(cookie, site);
    }
    return other;
  }

  async send(
    url: string,
    init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...init.headers };
    const cookie = await this.jar.getCookieString(url);
    if (cookie) headers.cookie = cookie;
    const response = await request(url, {
      method: init.method ?? 'GET',
      headers,
      body: init.body ?? null,
      dispatcher: this.agent,
    });
    const setCookie = response.headers['set-cookie'];
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      await this.jar.setCookie(line, url, { ignoreError: true });
    }
    const location = response.headers.location;
    return {
      status: response.statusCode,
      location: typeof location === 'string' ? new URL(location, url).href : undefined,
      body: await response.body.text(),
      url,
    };
  }

  /** Follows redirects until a page answers or the next hop starts with `stopAt` (returned unvisited). */
  async follow(answer: Answer, stopAt?: string): Promise<Answer> {
    let current = answer;
    for (let hops = 0; hops < 10; hops++) {
      if (current.status < 300 || current.status >= 400 || !current.location) return current;
      if (stopAt && current.location.startsWith(stopAt)) return current;
      current = await this.send(current.location);
    }
    throw new HttpError(`too many redirects from ${answer.url}`);
  }

  /** Posts the page's first form with its hidden fields and `fields`. */
  submit(page: Answer, fields: Record<string, string>): Promise<Answer> {
    const form = parseHtml(page.body).querySelector('form');
    if (!form) throw new HttpError(`no form on ${page.url} (status ${page.status})`);
    const body = new URLSearchParams();
    for (const input of form.querySelectorAll('input[type=hidden]')) {
      body.set(input.getAttribute('name') ?? '', input.getAttribute('value') ?? '');
    }
    for (const [name, value] of Object.entries(fields)) body.set(name, value);
    return this.send(new URL(form.getAttribute('action') ?? page.url, page.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
  }
}

/** Throws unless the answer has the expected status (the body's start helps when it does not). */
export function expectStatus(answer: Answer, ...statuses: number[]): Answer {
  if (!statuses.includes(answer.status)) {
    throw new HttpError(`${answer.url} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
  }
  return answer;
}
