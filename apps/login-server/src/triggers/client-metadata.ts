import { AsyncLocalStorage } from 'node:async_hooks';
import type { TriggerName } from './config.ts';
import type { StringMap } from './events.ts';

/** The ClientMetadata of the API request being served, and its operation. */
const current = new AsyncLocalStorage<{ operation: string; metadata: StringMap }>();

/**
 * Runs one API operation with its ClientMetadata at hand for the triggers it fires (Cognito keeps it
 * nowhere else, and neither does this server). A request without ClientMetadata costs nothing here.
 */
export function withClientMetadata<T>(operation: string, metadata: StringMap | undefined, work: () => T): T {
  return metadata ? current.run({ operation, metadata }, work) : work();
}

/** The sign-in operations whose ClientMetadata Cognito hands to the triggers before the password check only. */
const initiating = new Set(['InitiateAuth', 'AdminInitiateAuth']);
const beforeThePassword = new Set<TriggerName>(['preSignUp', 'preAuthentication', 'userMigration']);

/**
 * Where the current operation's ClientMetadata goes in the event of `trigger`, as Cognito documents
 * it: InitiateAuth and AdminInitiateAuth give it to pre sign-up, pre authentication and user
 * migration only, as their `validationData`; every other operation gives it to every trigger it
 * fires, as `clientMetadata`.
 */
export function clientMetadataFields(trigger: TriggerName): { validationData?: StringMap; clientMetadata?: StringMap } {
  const request = current.getStore();
  if (!request) return {};
  if (!initiating.has(request.operation)) return { clientMetadata: request.metadata };
  return beforeThePassword.has(trigger) ? { validationData: request.metadata } : {};
}
