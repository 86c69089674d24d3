/**
 * Runs `operation` from `concurrency` loops at once until the time is up (or `maxOperations` have
 * started), and measures what got through. Each loop waits for its operation before starting the
 * next, like a client that sends one request at a time.
 */
export interface LoadOptions {
  concurrency: number;
  durationMs: number;
  maxOperations?: number;
  /** Gets the loop's number: each loop may own a token, a cookie jar, a user. */
  operation(loop: number): Promise<void>;
}

export interface LoadResult {
  operations: number;
  errors: number;
  /** The first few distinct errors, to tell what went wrong. */
  errorSamples: string[];
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorSamples = new Set<string>();
  let errors = 0;
  let started = 0;
  const begin = performance.now();
  const deadline = begin + options.durationMs;
  const limit = options.maxOperations ?? Number.POSITIVE_INFINITY;

  const loop = async (index: number) => {
    while (performance.now() < deadline && started < limit) {
      started++;
      const t0 = performance.now();
      try {
        await options.operation(index);
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        if (errorSamples.size < 5) errorSamples.add((error as Error).message.slice(0, 300));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => loop(i)));
  const seconds = (performance.now() - begin) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    operations: latencies.length,
    errors,
    errorSamples: [...errorSamples],
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: latencies.at(-1) ?? 0,
  };
}

/**
 * Runs several variants of a load in turns (A, B, C, A, B, C, …) and adds up each variant's turns,
 * so that a machine that gets busier or quieter during the run affects every variant alike: what
 * is compared is how the variants differ, not when each ran.
 */
export async function runInTurns(
  variants: Record<string, (loop: number) => Promise<void>>,
  options: { concurrency: number; durationMs: number; rounds: number },
): Promise<Record<string, LoadResult>> {
  const turns: Record<string, LoadResult[]> = {};
  for (let round = 0; round < options.rounds; round++) {
    for (const [name, operation] of Object.entries(variants)) {
      const result = await runLoad({
        concurrency: options.concurrency,
        durationMs: options.durationMs / options.rounds,
        operation,
      });
      turns[name] = [...(turns[name] ?? []), result];
    }
  }
  return Object.fromEntries(
    Object.entries(turns).map(([name, results]) => {
      const operations = results.reduce((sum, r) => sum + r.operations, 0);
      const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
      const sorted = (pick: (r: LoadResult) => number) => results.map(pick).sort((a, b) => a - b);
      return [
        name,
        {
          operations,
          errors: results.reduce((sum, r) => sum + r.errors, 0),
          errorSamples: [...new Set(results.flatMap((r) => r.errorSamples))].slice(0, 5),
          seconds,
          perSecond: operations / seconds,
          // The turns' middle p50 and worst p99.
          p50Ms: sorted((r) => r.p50Ms)[Math.floor(results.length / 2)] ?? 0,
          p99Ms: Math.max(...results.map((r) => r.p99Ms)),
          maxMs: Math.max(...results.map((r) => r.maxMs)),
        },
      ];
    }),
  );
}
