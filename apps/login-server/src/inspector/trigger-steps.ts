import type { ClaimsAndScopeOverrideDetails, TriggerEvent } from '../triggers/events.ts';
import type { Detail, NewStep } from './flow-log.ts';

/** One call of a trigger's handler, as invoke.ts saw it. */
export interface TriggerInvocation {
  /** Cognito's name of the trigger: `PreTokenGeneration`. */
  trigger: string;
  handler: string;
  event: TriggerEvent<unknown, unknown>;
  durationMs: number;
  /** `ok`, or the failure: `error`, `timeout`, `invalid response`, `unreachable`. */
  outcome: string;
  /** The error the operation fails with, in Cognito's words. */
  error?: { type: string; message: string };
  /** The handler's response (when it answered one). */
  response?: unknown;
}

type Fields = Record<string, unknown>;

const fieldsOf = (value: unknown): Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};

const json = (value: unknown) => JSON.stringify(value);

/**
 * Which handler ran: a module by the path the pool file gives, a URL without what could be a
 * credential in it (user info, query).
 */
function handlerShown(handler: string): string {
  if (!/^https?:\/\//i.test(handler)) return `module ${handler}`;
  try {
    const url = new URL(handler);
    return `URL ${url.origin}${url.pathname}`;
  } catch {
    return 'URL';
  }
}

/** The event's request, without the password a user migration is sent. */
function requestShown(event: TriggerEvent<unknown, unknown>): Detail[] {
  const request = fieldsOf(event.request);
  const details: Detail[] = [];
  if ('password' in request) details.push(['request password', 'sent to the handler, never recorded']);
  const attributes = fieldsOf(request.userAttributes);
  if (Object.keys(attributes).length) details.push(['request userAttributes', Object.keys(attributes).join(', ')]);
  for (const name of ['validationData', 'clientMetadata']) {
    const keys = Object.keys(fieldsOf(request[name]));
    if (keys.length) details.push([`request ${name}`, keys.join(', ')]);
  }
  if (Array.isArray(request.scopes)) details.push(['request scopes', request.scopes.join(' ')]);
  return details;
}

/** What a pre token generation V2 answer does to each token. */
function tokenChanges(answer: ClaimsAndScopeOverrideDetails | null | undefined): Detail[] {
  if (!answer) return [['response', 'no changes: the tokens are issued as they are']];
  const details: Detail[] = [];
  const tokens = [
    ['ID token', answer.idTokenGeneration],
    ['access token', answer.accessTokenGeneration],
  ] as const;
  for (const [token, changes] of tokens) {
    const added = Object.entries(changes?.claimsToAddOrOverride ?? {});
    if (added.length) {
      details.push([
        `${token}: claims added or overridden`,
        added.map(([name, value]) => `${name} = ${json(value)}`).join(', '),
      ]);
    }
    if (changes?.claimsToSuppress?.length) {
      details.push([`${token}: claims suppressed`, changes.claimsToSuppress.join(', ')]);
    }
  }
  const access = answer.accessTokenGeneration;
  if (access?.scopesToAdd?.length) details.push(['access token: scopes added', access.scopesToAdd.join(' ')]);
  if (access?.scopesToSuppress?.length) {
    details.push(['access token: scopes suppressed', access.scopesToSuppress.join(' ')]);
  }
  const groups = answer.groupOverrideDetails;
  if (groups?.groupsToOverride) details.push(['groups overridden with', groups.groupsToOverride.join(', ')]);
  if (groups?.iamRolesToOverride) details.push(['IAM roles overridden with', groups.iamRolesToOverride.join(', ')]);
  if (groups?.preferredRole) details.push(['preferred role', groups.preferredRole]);
  return details.length ? details : [['response', 'no changes: the tokens are issued as they are']];
}

/** What the handler's answer decides, by trigger (what Cognito acts on, never a message's text). */
function responseShown(trigger: string, response: unknown): Detail[] {
  const r = fieldsOf(response);
  switch (trigger) {
    case 'PreTokenGeneration':
      return tokenChanges(r.claimsAndScopeOverrideDetails as ClaimsAndScopeOverrideDetails | null);
    case 'UserMigration': {
      const attributes = Object.entries(fieldsOf(r.userAttributes));
      return [
        [
          'response userAttributes',
          attributes.length ? attributes.map(([name, value]) => `${name} = ${json(value)}`).join(', ') : 'none',
        ],
        ['response finalUserStatus', json(r.finalUserStatus ?? null)],
        ['response messageAction', json(r.messageAction ?? null)],
      ];
    }
    case 'PreSignUp':
      return ['autoConfirmUser', 'autoVerifyEmail', 'autoVerifyPhone'].map((name) => [
        `response ${name}`,
        json(r[name] ?? false),
      ]);
    case 'CustomMessage': {
      // The messages carry the code's placeholder, and may carry more: their length only.
      const length = (value: unknown) =>
        typeof value === 'string' ? `${value.length} characters` : "none (the pool's own)";
      return [
        ['response emailSubject', typeof r.emailSubject === 'string' ? r.emailSubject : "none (the pool's own)"],
        ['response emailMessage', length(r.emailMessage)],
        ['response smsMessage', length(r.smsMessage)],
      ];
    }
    default:
      return [['response', 'nothing to answer: only success or failure counts']];
  }
}

/** A trigger's invocation as a step of the flow it ran in. */
export function triggerStep(call: TriggerInvocation): NewStep {
  const { event } = call;
  const outcome = call.error ? `${call.outcome}: ${call.error.type}: ${call.error.message}` : call.outcome;
  return {
    title: `Trigger ${event.triggerSource}`,
    details: [
      ['trigger', call.trigger],
      ['handler', handlerShown(call.handler)],
      ['userName', event.userName],
      ['callerContext.clientId', event.callerContext.clientId],
      ['duration', `${call.durationMs} ms`],
      ['outcome', outcome],
      ...requestShown(event),
      ...(call.outcome === 'ok' ? responseShown(call.trigger, call.response) : []),
    ],
    tokens: [],
  };
}
