import { decodeJwt, decodeProtectedHeader } from 'jose';

/** One labelled value of a step, already masked where it is a secret. */
export type Detail = readonly [label: string, value: string];

/** A token as the inspector shows it: the raw form truncated, the header and claims decoded. */
export interface DecodedToken {
  name: string;
  raw: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

export interface Step {
  at: Date;
  title: string;
  details: Detail[];
  tokens: DecodedToken[];
}

export interface Flow {
  /** The first key the flow was seen under (the authorize request's client and state, or a grant id). */
  key: string;
  clientId: string | undefined;
  /** What the flow is when it is not a sign-in (the request that ran triggers outside any). */
  title?: string;
  steps: Step[];
  /** Steps dropped from the middle of a long flow (its refreshes, mostly): see `stepLimit`. */
  omitted: number;
}

/** How many flows the process keeps: the oldest is forgotten when a new one starts. */
export const flowLimit = 50;

/**
 * How many steps a flow keeps. A sign-in that stays alive refreshes every hour, and a client that
 * refreshes in a loop would grow its flow without end: past the limit, the steps after the first
 * `keptFirstSteps` (the sign-in itself, the instructive part) give way to newer ones.
 */
export const stepLimit = 40;
export const keptFirstSteps = 10;

/** A step to record: its time is now unless it happened earlier (a trigger held until its request ended). */
export type NewStep = Omit<Step, 'at'> & { at?: Date };

/**
 * Recent sign-ins, in the memory of this process only (lost at restart, not shared between
 * instances). Steps are linked into one flow by keys: the authorize request's client and state
 * before a grant exists, then oidc-provider's grant id (`grant:<id>`, the tokens' `origin_jti`),
 * and a challenge's Session between the sign-in API's calls.
 */
export class FlowLog {
  readonly #flows = new Map<string, Flow>();
  readonly #keys = new Map<string, Flow>();

  /** Adds `step` to the flow any of `keys` already names (or a new one), and links all `keys` to it. */
  record(keys: (string | undefined)[], clientId: string | undefined, step: NewStep, title?: string): void {
    const known = keys.filter((k): k is string => Boolean(k));
    if (!known.length) return;
    let flow = known.map((k) => this.#keys.get(k)).find(Boolean);
    if (!flow) {
      flow = { key: known[0]!, clientId, steps: [], omitted: 0, ...(title ? { title } : {}) };
      this.#flows.set(flow.key, flow);
      this.#forgetOldest();
    }
    flow.clientId ??= clientId;
    for (const k of known) this.#keys.set(k, flow);
    flow.steps.push({ ...step, at: step.at ?? new Date() });
    if (flow.steps.length > stepLimit) {
      flow.steps.splice(keptFirstSteps, 1);
      flow.omitted += 1;
    }
  }

  /** Whether a flow is known under `key`. */
  has(key: string): boolean {
    return this.#keys.has(key);
  }

  /** Newest first: the flow with the latest step leads. */
  list(): Flow[] {
    const latest = (flow: Flow) => flow.steps.at(-1)?.at.getTime() ?? 0;
    return [...this.#flows.values()].sort((a, b) => latest(b) - latest(a));
  }

  #forgetOldest() {
    while (this.#flows.size > flowLimit) {
      const [oldestKey, oldest] = this.#flows.entries().next().value!;
      this.#flows.delete(oldestKey);
      for (const [k, flow] of this.#keys) if (flow === oldest) this.#keys.delete(k);
    }
  }
}

/** A secret shown by its first characters only, enough to tell two apart. */
export function masked(value: string): string {
  return `${value.slice(0, 6)}… (${value.length} characters, masked)`;
}

/** A JWT decoded for display, or undefined when it is not one. */
export function decodedToken(name: string, raw: unknown): DecodedToken | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    return {
      name,
      raw: `${raw.slice(0, 24)}…`,
      header: decodeProtectedHeader(raw) as Record<string, unknown>,
      claims: decodeJwt(raw) as Record<string, unknown>,
    };
  } catch {
    return undefined;
  }
}
