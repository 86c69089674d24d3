/** Whether the database answers within `timeoutMs`, on a connection of its own (never behind the pool). */
export type DatabaseProbe = (timeoutMs: number) => Promise<boolean>;

export interface ReadinessOptions {
  /** A probe that has not answered by then counts as "no" (orchestrators give /ready about a second). */
  timeoutMs?: number;
  /** A result this recent is answered again without a new probe. */
  reuseMs?: number;
}

/**
 * Whether the service's database answers, for /ready. However often /ready is asked (probes,
 * load balancers, a benchmark), one probe at most is in flight and a result is reused for a moment,
 * so readiness costs the database almost nothing and never queues behind requests that wait for a
 * pooled connection. An outage shows within `timeoutMs + reuseMs`; so does the recovery.
 */
export class DatabaseReadiness {
  readonly #probe: DatabaseProbe;
  readonly #timeoutMs: number;
  readonly #reuseMs: number;
  #last: { ready: boolean; at: number } | undefined;
  #inFlight: Promise<boolean> | undefined;

  constructor(probe: DatabaseProbe, options: ReadinessOptions = {}) {
    this.#probe = probe;
    this.#timeoutMs = options.timeoutMs ?? 800;
    this.#reuseMs = options.reuseMs ?? 250;
  }

  isReady(): Promise<boolean> {
    const last = this.#last;
    if (last && performance.now() - last.at < this.#reuseMs) return Promise.resolve(last.ready);
    this.#inFlight ??= this.#ask().then((ready) => {
      this.#last = { ready, at: performance.now() };
      this.#inFlight = undefined;
      return ready;
    });
    return this.#inFlight;
  }

  async #ask(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.#timeoutMs);
    });
    try {
      return await Promise.race([this.#probe(this.#timeoutMs).catch(() => false), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
