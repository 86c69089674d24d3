import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';

export interface ReadyWait {
  /** Names the service in the error. */
  name: string;
  /** Gives up after this long. */
  timeoutMs?: number;
  /** True once the process has ended: waiting longer is pointless. */
  exited?: () => boolean;
  /** What the process wrote so far, added to the error. */
  output?: () => string;
}

/** One probe's bound, as orchestrators give /ready: a server that accepted but hangs is asked again. */
const probeTimeoutMs = 1_000;
const pauseMs = 50;

/**
 * One GET of `url`: whether it answered 2xx within the probe's bound. Through node:http rather than
 * fetch: loading fetch (undici and its WebAssembly parser) costs a process about 15 MB, and the local
 * stack's supervisor needs nothing else from it.
 */
function answersOk(url: string): Promise<boolean> {
  const get = url.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((resolve) => {
    const request = get(url, { timeout: probeTimeoutMs }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      resolve(status >= 200 && status < 300);
    });
    // Not listening yet, or too slow to answer this time.
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(false));
  });
}

/**
 * Resolves once `url` (a service's `/ready`) answers 2xx; rejects as soon as the process has
 * exited, or when `timeoutMs` runs out. How the local stack, the benchmark, the image checks and
 * the tests wait for a service they started.
 */
export async function waitUntilReady(url: string, wait: ReadyWait): Promise<void> {
  const timeoutMs = wait.timeoutMs ?? 60_000;
  const failure = (what: string) => {
    const output = wait.output?.();
    return new Error(`${wait.name} ${what}${output ? `:\n${output}` : ''}`);
  };
  for (const deadline = performance.now() + timeoutMs; performance.now() < deadline; ) {
    if (wait.exited?.()) throw failure('exited while starting');
    if (await answersOk(url)) return;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  if (wait.exited?.()) throw failure('exited while starting');
  throw failure(`was not ready within ${timeoutMs / 1000} s`);
}
