import { isDatabaseUnavailable, isRefusedText, logFailure, retryAfterSeconds } from '@sso/service';
import type Koa from 'koa';
import type { Context, Middleware } from 'koa';
import type { Logger } from 'pino';
import { sendError } from './admin-api/protocol.ts';
import { errorPage } from './hosted-ui/pages.ts';

/**
 * What a request that could not be served gets: 503 with Retry-After while the database is
 * unreachable, 500 for anything else unexpected, 4xx for a request the server refused (text the
 * database cannot hold included); each in the shape its caller reads, never with a stack trace, and
 * logged once.
 *
 * The same boundary runs around our own routes and, inside oidc-provider, around its routes: the
 * provider is a Koa application of its own, whose unhandled errors would otherwise be answered as
 * text/plain and written to stderr by Koa.
 */

/** OAuth 2.0 endpoints: their callers read `{"error": ...}`. */
const oauthJsonPaths = new Set(['/oauth2/token', '/oauth2/revoke', '/oauth2/userinfo']);

type Caller = 'cognito-api' | 'oauth-client' | 'browser';

function callerOf(ctx: Context): Caller {
  if (ctx.method === 'POST' && ctx.path === '/' && ctx.get('x-amz-target')) return 'cognito-api';
  if (oauthJsonPaths.has(ctx.path.toLowerCase())) return 'oauth-client';
  return ctx.accepts('html', 'json') === 'json' ? 'oauth-client' : 'browser';
}

/** How a request failed: the database was unreachable, it carried text no query can take, or anything else. */
type Failure = 'database-outage' | 'refused-text' | 'unexpected';

interface FailureState {
  /** Set once, by oidc-provider's server_error event or the boundary: the answer follows from it. */
  failure?: Failure;
}
const stateOf = (ctx: Context) => ctx.state as FailureState;

/**
 * 503 with Retry-After. OAuth clients get `temporarily_unavailable` (RFC 6749's code for a server
 * that cannot handle the request now); AWS SDK callers get Cognito's InternalErrorException, which
 * the SDK retries because of the 5xx status; browsers get a page.
 */
export function answerUnavailable(ctx: Context): void {
  ctx.remove('Location');
  ctx.set('Retry-After', String(retryAfterSeconds));
  ctx.set('Cache-Control', 'no-store');
  answer(ctx, 503, {
    cognitoApi: ['InternalErrorException', 'The service is briefly unavailable. Try again shortly.'],
    oauth: 'temporarily_unavailable',
    page: ['The sign-in service is briefly unavailable.', 'Please try again in a few seconds.'],
  });
}

function answerServerError(ctx: Context): void {
  ctx.remove('Location');
  answer(ctx, 500, {
    cognitoApi: ['InternalErrorException', 'Internal error'],
    oauth: 'server_error',
    page: ['Something went wrong on our side.', 'Please try again in a moment.'],
  });
}

function answerRefused(ctx: Context, status: number): void {
  ctx.remove('Location');
  answer(ctx, status, {
    cognitoApi: ['InvalidParameterException', 'The request could not be processed'],
    oauth: 'invalid_request',
    page: ['The request could not be processed.', 'Go back to the application and try again.'],
  });
}

/** One answer in each caller's words: Cognito's error type and message, an OAuth error code, a page's title and text. */
function answer(
  ctx: Context,
  status: number,
  words: { cognitoApi: [string, string]; oauth: string; page: [string, string] },
): void {
  const caller = callerOf(ctx);
  if (caller === 'cognito-api') {
    sendError(ctx, ...words.cognitoApi, status);
  } else if (caller === 'oauth-client') {
    ctx.status = status;
    ctx.body = { error: words.oauth };
  } else {
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = errorPage(...words.page, []);
  }
}

/**
 * Classifies a failure once per request and logs it, unless it is the request's own fault (a NUL in a
 * client id, say, which PostgreSQL refuses): that is answered 400 like any bad input.
 */
export function noteFailure(log: Logger, ctx: Context, error: unknown): Failure {
  const state = stateOf(ctx);
  if (state.failure === 'database-outage' || (state.failure && !isDatabaseUnavailable(error))) return state.failure;
  if (isRefusedText(error)) state.failure = 'refused-text';
  else if (logFailure(log, error, { method: ctx.method, path: ctx.path })) state.failure = 'database-outage';
  else state.failure = 'unexpected';
  return state.failure;
}

function answerFailure(ctx: Context, failure: Failure | undefined): void {
  if (failure === 'database-outage') answerUnavailable(ctx);
  else if (failure === 'refused-text') answerRefused(ctx, 400);
  else answerServerError(ctx);
}

export function failureBoundary(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const { status, expose } = error as { status?: unknown; expose?: unknown };
      if (expose === true && typeof status === 'number' && status >= 400 && status < 500) {
        return answerRefused(ctx, status);
      }
      return answerFailure(ctx, noteFailure(log, ctx, error));
    }
    // oidc-provider answers its routes' failures itself, as server_error: an outage is a 503, and
    // text the database refused a 400.
    const { failure } = stateOf(ctx);
    if (failure === 'database-outage' || failure === 'refused-text') answerFailure(ctx, failure);
  };
}

/**
 * Koa writes errors that reach it (a response stream that broke, say) to stderr; these go to the
 * log instead. Koa leaves out client errors (404 or exposed), and so does this.
 */
export function logUnhandledErrors(app: Koa, log: Logger): void {
  app.on('error', (error: { status?: number; expose?: boolean }, ctx?: Context) => {
    if (error.status === 404 || error.expose) return;
    log.error({ err: error, method: ctx?.method, path: ctx?.path }, 'request failed');
  });
}
