import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import { currentFlow } from '../inspector/flow-context.ts';
import { triggerStep } from '../inspector/trigger-steps.ts';
import { CognitoError } from '../pool/errors.ts';
import type { TriggerEvent } from './events.ts';

/** Cognito gives a trigger's Lambda function 5 seconds, then gives up on it. */
const triggerTimeoutMs = 5000;

/** What a module handler exports: Lambda's `handler(event)`, answering the event (or a promise of it). */
type ModuleHandler = (event: unknown) => unknown;

/** A handler that did not answer in time. */
class TriggerTimeout extends Error {}

/** A handler that answered something that is not an event. */
class UnrecognizableOutput extends Error {}

/**
 * Calls one trigger's handler (a module's `handler` or an HTTP endpoint) with Cognito's event and
 * gives back the event it answers. A handler that throws (or answers an HTTP error) fails the
 * operation with Cognito's UserLambdaValidationException ("<Trigger> failed with error <message>.");
 * one that is slow or unreachable with UnexpectedLambdaException; one that answers no event with
 * InvalidLambdaResponseException. Every call is logged (trigger, source, duration, outcome), never
 * the event itself: it can carry a password.
 */
export class TriggerInvoker {
  private readonly modules = new Map<string, Promise<ModuleHandler>>();

  constructor(
    private readonly log: Logger,
    /** Where module paths are relative to (the pool file's folder). */
    private readonly baseDir: string,
    private readonly timeoutMs = triggerTimeoutMs,
  ) {}

  async invoke<E extends TriggerEvent<unknown, unknown>>(name: string, handler: string, event: E): Promise<E> {
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    const done = (outcome: string, extra: Record<string, unknown> = {}) => ({
      trigger: name,
      triggerSource: event.triggerSource,
      durationMs: durationMs(),
      outcome,
      ...extra,
    });
    /** The inspector's step, when it is on and the call runs within a request's flow. */
    const inspect = (outcome: string, result: { response?: unknown; error?: CognitoError }) => {
      currentFlow()?.note(
        triggerStep({
          trigger: name,
          handler,
          event,
          durationMs: durationMs(),
          outcome,
          ...(result.error ? { error: { type: result.error.type, message: result.error.message } } : {}),
          ...('response' in result ? { response: result.response } : {}),
        }),
      );
    };
    const fail = (outcome: string, error: CognitoError, extra: Record<string, unknown> = {}): never => {
      this.log.warn(done(outcome, extra), 'trigger failed');
      inspect(outcome, { error });
      throw error;
    };
    let answered: E;
    try {
      const answer = await this.withTimeout(this.call(handler, event));
      if (!isEvent(answer)) throw new UnrecognizableOutput();
      answered = { ...event, response: answer.response ?? event.response } as E;
    } catch (error) {
      if (error instanceof TriggerTimeout) {
        return fail(
          'timeout',
          new CognitoError(
            'UnexpectedLambdaException',
            `${name} invocation failed due to error Socket timeout while invoking Lambda function.`,
          ),
        );
      }
      if (error instanceof UnrecognizableOutput) {
        return fail(
          'invalid response',
          new CognitoError('InvalidLambdaResponseException', 'Unrecognizable lambda output'),
        );
      }
      if (error instanceof HandlerUnreachable) {
        return fail(
          'unreachable',
          new CognitoError('UnexpectedLambdaException', `${name} invocation failed due to error ${error.message}.`),
          { err: error.message },
        );
      }
      const message = error instanceof Error ? error.message : String(error);
      return fail('error', new CognitoError('UserLambdaValidationException', `${name} failed with error ${message}.`), {
        err: message,
      });
    }
    this.log.info(done('ok'), 'trigger invoked');
    inspect('ok', { response: answered.response });
    return answered;
  }

  private call(handler: string, event: unknown): Promise<unknown> {
    if (/^https?:\/\//i.test(handler)) return callUrl(handler, event, this.timeoutMs);
    // A copy, as Lambda's handler gets a parsed copy of the event: the caller's stays as it was.
    return this.load(handler).then((fn) => fn(structuredClone(event)));
  }

  private withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TriggerTimeout()), this.timeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  /** A module is imported once, at its first call, and kept. */
  private load(modulePath: string): Promise<ModuleHandler> {
    let loaded = this.modules.get(modulePath);
    if (!loaded) {
      const url = pathToFileURL(path.resolve(this.baseDir, modulePath)).href;
      loaded = import(url).then(
        (module: { handler?: unknown; default?: { handler?: unknown } }) => {
          const fn = module.handler ?? module.default?.handler;
          if (typeof fn !== 'function') throw new HandlerUnreachable(`${modulePath} exports no handler function`);
          return fn as ModuleHandler;
        },
        (error: Error) => {
          throw new HandlerUnreachable(`cannot load ${modulePath}: ${error.message.split('\n')[0]}`);
        },
      );
      // A module that failed to load is tried again at the next call (it may be built meanwhile).
      loaded.catch(() => this.modules.delete(modulePath));
      this.modules.set(modulePath, loaded);
    }
    return loaded;
  }
}

/** The handler could not be called at all (missing module, no handler export, connection refused). */
class HandlerUnreachable extends Error {}

/**
 * An HTTP handler: POSTed the event as JSON; a 2xx answer is the event. Any other status is the
 * handler's error, with Lambda's `{ "errorMessage": ... }` body as its message.
 */
async function callUrl(url: string, event: unknown, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') throw new TriggerTimeout();
    throw new HandlerUnreachable((error as Error).message);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    if (response.ok) throw new UnrecognizableOutput();
  }
  if (!response.ok) {
    const message = (body as { errorMessage?: unknown } | undefined)?.errorMessage;
    throw new Error(typeof message === 'string' ? message : `HTTP ${response.status}`);
  }
  return body;
}

function isEvent(value: unknown): value is { response?: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
