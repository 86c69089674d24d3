import type { Logger } from 'pino';
import { codesOf, errorChain } from './error-chain.ts';

/**
 * "The database is unreachable" told apart from every other failure, so that a service answers it
 * with 503 and Retry-After (its callers should come back) instead of 500 (a defect), and logs it as
 * one short line. The three services reach PostgreSQL the same way (node-postgres, under Prisma's
 * driver adapter), so they fail the same ways.
 */

/** How long callers are asked to wait (Retry-After) before trying again. */
export const retryAfterSeconds = 5;

/** Prisma's codes for a server it cannot reach, that timed out, closed the connection, or ran out of connections. */
const prismaCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);

/** Prisma's driver adapters' kinds for the same (`meta.driverAdapterError.cause.kind`). */
const adapterKinds = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/** The socket's codes when the server cannot be reached or the connection breaks. */
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL's SQLSTATEs: connection exceptions (class 08), the server shutting down or crashing
 * (57P01 admin_shutdown, 57P02 crash_shutdown), starting or recovering (57P03 cannot_connect_now),
 * and full (53300 too_many_connections).
 */
const sqlStates = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300']);

/**
 * node-postgres reports these without a code: the server went away mid-connection, a connection or
 * a pool checkout timed out, a client broken by one of those was used.
 */
const driverMessages = new Set([
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
]);

/** Why the database is unavailable (a code, e.g. `P1001`, `ECONNREFUSED`, `57P01`), or undefined when it is not that. */
export function databaseOutageReason(error: unknown): string | undefined {
  for (const code of codesOf(error)) {
    if (prismaCodes.has(code) || socketCodes.has(code) || sqlStates.has(code)) return code;
  }
  for (const node of errorChain(error)) {
    if (typeof node.kind === 'string' && adapterKinds.has(node.kind)) return node.kind;
    if (typeof node.message === 'string' && driverMessages.has(node.message)) return node.message;
  }
  return undefined;
}

/**
 * True when PostgreSQL refused text the request carried: a NUL character, or bytes that are not
 * UTF-8 (SQLSTATE 22021, character_not_in_repertoire). No row can match such text, and storing it is
 * impossible: it is the request's fault, a 400.
 */
export function isRefusedText(error: unknown): boolean {
  for (const code of codesOf(error)) if (code === '22021') return true;
  return false;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseOutageReason(error) !== undefined;
}

/**
 * One log line for something that failed (a request, by default; a background task names itself):
 * a database outage briefly (its reason, no stack: everything fails the same way while it lasts),
 * anything else with its error and stack. Returns whether it was an outage, for a request to be
 * answered 503.
 */
export function logFailure(
  log: Logger,
  error: unknown,
  context: Record<string, unknown>,
  message = 'request failed',
): boolean {
  const reason = databaseOutageReason(error);
  if (reason) log.warn({ ...context, reason }, 'database unavailable');
  else log.error({ ...context, err: error }, message);
  return reason !== undefined;
}
