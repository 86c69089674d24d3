import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { FlowLog, NewStep } from './flow-log.ts';

/**
 * The flow one request belongs to, carried through everything the request awaits, so that what runs
 * deep inside it (a trigger's invocation) lands in the right flow without every layer passing it on.
 * A request that names its flow at its start (a hosted page, by the authorize query it carries) gets
 * what runs inside it recorded there at once; one that learns it only at its end (a token request, a
 * sign-in API call: the grant or challenge session is known once answered) holds those steps until
 * its own step names the flow, and they follow that step.
 */
export class FlowScope {
  readonly #started = new Date();
  #keys: string[] = [];
  #clientId: string | undefined;
  readonly #held: NewStep[] = [];

  constructor(
    private readonly flows: FlowLog,
    /** What the request is, for a flow of its own: `POST /signup`, `SignUp`. */
    private readonly origin: string,
  ) {}

  /** Names the flow this request belongs to, when its start tells (a hosted page's authorize query). */
  link(keys: (string | undefined)[], clientId: string | undefined): void {
    this.#keys.push(...keys.filter((k): k is string => Boolean(k)));
    this.#clientId ??= clientId;
  }

  /** Something that ran during the request (a trigger): into its flow if known, else held. */
  note(step: NewStep): void {
    if (this.#keys.length) this.flows.record(this.#keys, this.#clientId, step);
    else this.#held.push({ ...step, at: step.at ?? new Date() });
  }

  /** The request's own step (dated at its start), then what ran during it; later notes follow. */
  record(keys: (string | undefined)[], clientId: string | undefined, step: Omit<NewStep, 'at'>): void {
    this.link(keys, clientId);
    if (!this.#keys.length) this.#keys.push(`request:${randomUUID()}`);
    this.flows.record(this.#keys, this.#clientId, { ...step, at: this.#started });
    this.#flush();
  }

  /** At the request's end: what ran outside any flow becomes a flow of its own, named by the request. */
  end(): void {
    if (!this.#held.length) return;
    this.#keys.push(`request:${randomUUID()}`);
    this.#flush(`Outside any sign-in: ${this.origin}`);
  }

  #flush(title?: string) {
    for (const step of this.#held.splice(0)) this.flows.record(this.#keys, this.#clientId, step, title);
  }
}

const storage = new AsyncLocalStorage<FlowScope>();

/** The flow of the request being handled; undefined when the inspector is off (nothing ever enters one). */
export function currentFlow(): FlowScope | undefined {
  return storage.getStore();
}

/** What a request is, as a flow of its own would be titled: the API's operation, else method and path. */
function originOf(method: string, path: string, target: string | undefined): string {
  const operation = target?.split('.').pop();
  return operation || `${method} ${path}`;
}

/** The authorize request's key for a flow, before a grant exists (provider-events.ts names it the same way). */
export function requestKey(clientId: unknown, state: unknown): string | undefined {
  return typeof clientId === 'string' && typeof state === 'string' ? `request:${clientId}:${state}` : undefined;
}

/**
 * Every request runs in a flow scope, installed only while the inspector is on. A hosted page's URL
 * carries the authorize query (client_id, state), which names its flow from the start.
 */
export function flowScopes(flows: FlowLog): Middleware {
  return async (ctx, next) => {
    const scope = new FlowScope(flows, originOf(ctx.method, ctx.path, ctx.get('x-amz-target') || undefined));
    const { client_id: clientId, state } = ctx.query;
    scope.link([requestKey(clientId, state)], typeof clientId === 'string' ? clientId : undefined);
    try {
      await storage.run(scope, next);
    } finally {
      scope.end();
    }
  };
}
