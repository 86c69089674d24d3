import { describe, expect, it } from 'vitest';
import { databaseOutageReason, isRefusedText } from '../src/database-outage.ts';

/** Errors as Prisma 7 (with its pg driver adapter) and node-postgres report them, trimmed to what they carry. */
const prismaError = (code: string, cause: Record<string, unknown>) =>
  Object.assign(new Error('Invalid `prisma.user.findFirst()` invocation'), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause } },
  });
const socketError = (code: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect', errno: -111 });
const postgresError = (code: string, message: string) =>
  Object.assign(new Error(message), { name: 'error', code, severity: 'FATAL' });

describe('database outage', () => {
  it('is told by codes: Prisma’s, its driver adapter’s, the socket’s and PostgreSQL’s', () => {
    expect(databaseOutageReason(prismaError('P1001', { kind: 'DatabaseNotReachable', host: '127.0.0.1' }))).toBe(
      'P1001',
    );
    // A raw query on a connection the server ended: Prisma's code is generic, PostgreSQL's is not.
    const ended = prismaError('P2010', { kind: 'postgres', originalCode: '57P01', code: '57P01' });
    expect(databaseOutageReason(ended)).toBe('57P01');
    expect(databaseOutageReason(prismaError('P2039', { kind: 'postgres', originalCode: '57P03' }))).toBe('57P03');
    expect(databaseOutageReason(socketError('ECONNREFUSED'))).toBe('ECONNREFUSED');
    expect(databaseOutageReason(postgresError('57P01', 'terminating connection due to administrator command'))).toBe(
      '57P01',
    );
    expect(databaseOutageReason(new AggregateError([socketError('ECONNREFUSED')], 'all addresses failed'))).toBe(
      'ECONNREFUSED',
    );
  });

  it('is told by node-postgres’s messages where it gives no code', () => {
    expect(databaseOutageReason(new Error('Connection terminated unexpectedly'))).toBe(
      'Connection terminated unexpectedly',
    );
    expect(databaseOutageReason(new Error('timeout exceeded when trying to connect'))).toBeDefined();
  });

  it('is found under what wraps it', () => {
    const wrapped = new Error('the verify callback failed', {
      cause: prismaError('P1017', { kind: 'ConnectionClosed' }),
    });
    expect(databaseOutageReason(wrapped)).toBe('P1017');
    // Remix's error responses keep the error in `error`.
    expect(databaseOutageReason({ status: 500, error: socketError('ECONNRESET') })).toBe('ECONNRESET');
  });

  it('is not any other failure, nor a failed HTTP request', () => {
    expect(databaseOutageReason(prismaError('P2002', { kind: 'UniqueConstraintViolation' }))).toBeUndefined();
    expect(databaseOutageReason(postgresError('42P01', 'relation "x" does not exist'))).toBeUndefined();
    expect(databaseOutageReason(new Error('Connection terminated'))).toBeUndefined();
    expect(databaseOutageReason(new TypeError('fetch failed', { cause: socketError('ECONNREFUSED') }))).toBeUndefined();
    expect(databaseOutageReason(undefined)).toBeUndefined();
    expect(databaseOutageReason('ECONNREFUSED')).toBeUndefined();
  });
});

describe('refused text', () => {
  it('is PostgreSQL refusing a NUL or bytes that are not UTF-8, however reported', () => {
    const message = 'invalid byte sequence for encoding "UTF8": 0x00';
    expect(isRefusedText(prismaError('P2039', { kind: 'postgres', originalCode: '22021', message }))).toBe(true);
    expect(isRefusedText(postgresError('22021', message))).toBe(true);
    expect(isRefusedText(postgresError('22P02', 'invalid input syntax for type uuid'))).toBe(false);
    expect(isRefusedText(socketError('ECONNREFUSED'))).toBe(false);
  });
});
