import { z } from 'zod';

/**
 * A trigger's handler: an `http(s)://` URL that is sent the event as JSON and answers the event, or
 * the path of a JavaScript module (relative to the pool file) that exports `handler(event)`, the
 * way an AWS Lambda function does, so the same file deploys to Lambda unchanged.
 */
const handler = z
  .string()
  .min(1)
  .refine((value) => !/^[a-z][a-z0-9+.-]*:/i.test(value) || /^https?:\/\//i.test(value), {
    message: 'must be an http(s) URL or the path of a JavaScript module',
  })
  // fetch refuses a URL with credentials in it, and its error would repeat them to callers and logs.
  .refine((value) => !/^https?:\/\/[^/?#]*@/i.test(value), {
    message: 'must not carry a user name or password: put credentials in the handler, not its URL',
  });

/** The pool's Lambda triggers (Cognito's LambdaConfig), each optional. */
export const triggersConfig = z
  .object({
    userMigration: handler.optional(),
    preSignUp: handler.optional(),
    postConfirmation: handler.optional(),
    preAuthentication: handler.optional(),
    postAuthentication: handler.optional(),
    /** Sent Cognito's V2_0 event (ID and access token customization). */
    preTokenGeneration: handler.optional(),
    customMessage: handler.optional(),
  })
  .strict()
  .prefault({});

export type TriggersConfig = z.output<typeof triggersConfig>;
export type TriggerName = keyof TriggersConfig;
