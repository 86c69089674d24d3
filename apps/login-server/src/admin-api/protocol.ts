import { bodyParser } from '@koa/bodyparser';
import { isDatabaseUnavailable, isRefusedText } from '@sso/service';
import type { Context } from 'koa';
import { z } from 'zod';
import { describeIssues } from '../config/errors.ts';
import { CognitoError } from '../pool/errors.ts';
import { withClientMetadata } from '../triggers/client-metadata.ts';

/**
 * Cognito's JSON protocol (AWS JSON 1.1): `POST /` with `X-Amz-Target:
 * AWSCognitoIdentityProviderService.<Action>`, a JSON body, and errors as HTTP 400 with
 * `{"__type": "<Type>", "message": "..."}`, the shape the AWS SDK turns into its exception classes.
 */
const targetPrefix = 'AWSCognitoIdentityProviderService.';

export type Action = (input: unknown) => Promise<object>;

/** An action's input, checked against its schema; a bad field is Cognito's InvalidParameterException. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    throw new CognitoError('InvalidParameterException', describeIssues(result.error).join('; '));
  }
  return result.data;
}

export function sendError(ctx: Context, type: string, message: string, status = 400): void {
  ctx.status = status;
  ctx.set('x-amzn-ErrorType', type);
  ctx.type = 'application/x-amz-json-1.1';
  ctx.body = { __type: type, message };
}

/** Requests whose body could not be read (not JSON, over 1 MiB): answered by `dispatch` once the action is known. */
const unreadBodies = new WeakSet<Context>();

/** The request's JSON, whatever its content type (the AWS SDK sends application/x-amz-json-1.1). */
export const jsonBody = bodyParser({
  enableTypes: ['json'],
  detectJSON: () => true,
  jsonStrict: false,
  jsonLimit: '1mb',
  onError: (_error, ctx) => unreadBodies.add(ctx),
});

/** Any action's ClientMetadata: handed to the Lambda triggers the action fires, never kept. */
const clientMetadata = z.record(z.string(), z.string()).optional();

/** Runs the action X-Amz-Target names with the body `jsonBody` read. */
export async function dispatch(ctx: Context, actions: Record<string, Action>, onUnexpected: (error: unknown) => void) {
  const target = ctx.get('x-amz-target');
  const name = target.startsWith(targetPrefix) ? target.slice(targetPrefix.length) : '';
  const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
  if (!action) return sendError(ctx, 'UnknownOperationException', `Unknown operation ${target || '(none)'}`);
  if (unreadBodies.has(ctx)) return sendError(ctx, 'SerializationException', 'The request body is not valid JSON');
  // An empty body is an empty input.
  const input = ctx.request.body === '' ? {} : ctx.request.body;
  try {
    const { ClientMetadata } = parseInput(z.object({ ClientMetadata: clientMetadata }).loose(), input);
    const output = await withClientMetadata(name, ClientMetadata, () => action(input));
    ctx.status = 200;
    ctx.type = 'application/x-amz-json-1.1';
    ctx.body = output;
  } catch (error) {
    if (error instanceof CognitoError) return sendError(ctx, error.type, error.message);
    // A database outage (503) and text the database refused (400) are the failure boundary's to answer.
    if (isDatabaseUnavailable(error) || isRefusedText(error)) throw error;
    onUnexpected(error);
    sendError(ctx, 'InternalErrorException', 'Internal error', 500);
  }
}

/** Cognito's attribute lists, `[{ Name, Value }]`. */
export const attributeList = z.array(z.object({ Name: z.string().min(1), Value: z.string() })).default([]);
export const asRecord = (list: { Name: string; Value: string }[]) =>
  Object.fromEntries(list.map((a) => [a.Name, a.Value]));
