import type { Logger } from 'pino';
import type { User } from '../generated/prisma/client.ts';
import { otherAttributes } from '../pool/attributes.ts';
import { clientMetadataFields } from './client-metadata.ts';
import type { TriggerName, TriggersConfig } from './config.ts';
import {
  type CustomMessageRequest,
  type CustomMessageResponse,
  type EventSource,
  makeEvent,
  type PostAuthenticationRequest,
  type PreAuthenticationRequest,
  type PreSignUpResponse,
  type PreTokenGenerationRequest,
  type PreTokenGenerationResponse,
  type SignUpRequest,
  type StringMap,
  type TriggerEvent,
  type UserAttributesRequest,
  type UserMigrationRequest,
  type UserMigrationResponse,
} from './events.ts';
import { TriggerInvoker } from './invoke.ts';

/** The names Cognito's error messages give each trigger ("PreAuthentication failed with error ..."). */
const displayName: Record<TriggerName, string> = {
  userMigration: 'UserMigration',
  preSignUp: 'PreSignUp',
  postConfirmation: 'PostConfirmation',
  preAuthentication: 'PreAuthentication',
  postAuthentication: 'PostAuthentication',
  preTokenGeneration: 'PreTokenGeneration',
  customMessage: 'CustomMessage',
};

/** Why tokens are being made: the hosted sign-in's code, an API sign-in, or a refresh. */
export type TokenGenerationSource =
  | 'TokenGeneration_HostedAuth'
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_RefreshTokens';

/** The emails the custom message trigger words. */
export type CustomMessageSource =
  | 'CustomMessage_SignUp'
  | 'CustomMessage_ResendCode'
  | 'CustomMessage_ForgotPassword'
  | 'CustomMessage_UpdateUserAttribute'
  | 'CustomMessage_VerifyUserAttribute'
  | 'CustomMessage_AdminCreateUser';

/** Who the event is about and for which app client. */
interface Caller {
  userName: string;
  clientId?: string;
}

/** A user's attributes as Cognito hands them to triggers: strings, `sub` and the status included. */
function userAttributesOf(user: Pick<User, 'sub' | 'email' | 'emailVerified' | 'status' | 'attributes'>): StringMap {
  const attributes: StringMap = { sub: user.sub };
  if (user.email) {
    attributes.email = user.email;
    attributes.email_verified = String(user.emailVerified);
  }
  attributes['cognito:user_status'] = user.status;
  return { ...attributes, ...otherAttributes(user) };
}

/**
 * The pool's Lambda triggers: each method builds Cognito's event for one trigger source, calls the
 * configured handler (if any) and gives back its response. Without a handler a method answers what
 * Cognito does without that trigger.
 */
export class Triggers {
  private readonly invoker: TriggerInvoker;

  constructor(
    private readonly config: TriggersConfig,
    private readonly source: EventSource,
    log: Logger,
    baseDir: string,
    timeoutMs?: number,
  ) {
    this.invoker = new TriggerInvoker(log, baseDir, timeoutMs);
  }

  has(name: TriggerName): boolean {
    return this.config[name] !== undefined;
  }

  private async run<Request, Response>(
    name: TriggerName,
    fields: Caller & { triggerSource: string; version?: string },
    request: Request,
    response: Response,
  ): Promise<Response> {
    const handler = this.config[name];
    if (!handler) return response;
    // The API request's ClientMetadata, where Cognito puts it for this trigger.
    const withMetadata = { ...request, ...clientMetadataFields(name) };
    const event: TriggerEvent<Request, Response> = makeEvent(this.source, fields, withMetadata, response);
    const answered = await this.invoker.invoke(displayName[name], handler, event);
    return answered.response;
  }

  /** UserMigration_Authentication (with the typed password) or UserMigration_ForgotPassword (without). */
  userMigration(
    caller: Caller,
    triggerSource: 'UserMigration_Authentication' | 'UserMigration_ForgotPassword',
    request: UserMigrationRequest,
  ): Promise<UserMigrationResponse> {
    return this.run('userMigration', { ...caller, triggerSource }, request, {
      userAttributes: null,
      finalUserStatus: null,
      messageAction: null,
      desiredDeliveryMediums: null,
      forceAliasCreation: null,
      enableSMSMFA: null,
    });
  }

  preSignUp(
    caller: Caller,
    triggerSource: 'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser',
    request: SignUpRequest,
  ): Promise<PreSignUpResponse> {
    return this.run('preSignUp', { ...caller, triggerSource }, request, {
      autoConfirmUser: false,
      autoVerifyEmail: false,
      autoVerifyPhone: false,
    });
  }

  async postConfirmation(
    caller: Caller,
    triggerSource: 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword',
    user: User,
  ): Promise<void> {
    await this.run<UserAttributesRequest, Record<string, never>>(
      'postConfirmation',
      { ...caller, triggerSource },
      { userAttributes: userAttributesOf(user) },
      {},
    );
  }

  async preAuthentication(caller: Caller, user: User): Promise<void> {
    await this.run<PreAuthenticationRequest, Record<string, never>>(
      'preAuthentication',
      { ...caller, triggerSource: 'PreAuthentication_Authentication' },
      { userAttributes: userAttributesOf(user), validationData: {} },
      {},
    );
  }

  async postAuthentication(caller: Caller, user: User): Promise<void> {
    await this.run<PostAuthenticationRequest, Record<string, never>>(
      'postAuthentication',
      { ...caller, triggerSource: 'PostAuthentication_Authentication' },
      { userAttributes: userAttributesOf(user), newDeviceUsed: false },
      {},
    );
  }

  /** Cognito's V2_0 event: the answer may change both tokens and the groups they name. */
  preTokenGeneration(
    caller: Caller,
    triggerSource: TokenGenerationSource,
    user: Pick<User, 'sub' | 'email' | 'emailVerified' | 'status' | 'attributes'>,
    request: Omit<PreTokenGenerationRequest, 'userAttributes'>,
  ): Promise<PreTokenGenerationResponse> {
    const full: PreTokenGenerationRequest = { userAttributes: userAttributesOf(user), ...request };
    return this.run('preTokenGeneration', { ...caller, triggerSource, version: '2' }, full, {
      claimsAndScopeOverrideDetails: null,
    });
  }

  customMessage(
    caller: Caller,
    triggerSource: CustomMessageSource,
    user: User,
    request: Omit<CustomMessageRequest, 'userAttributes'>,
  ): Promise<CustomMessageResponse> {
    const full: CustomMessageRequest = { userAttributes: userAttributesOf(user), ...request };
    return this.run('customMessage', { ...caller, triggerSource }, full, {
      smsMessage: null,
      emailMessage: null,
      emailSubject: null,
    });
  }
}
