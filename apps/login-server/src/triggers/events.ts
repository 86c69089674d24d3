/**
 * Cognito's Lambda trigger events, field for field, so that a handler written for AWS Lambda works
 * here unchanged (the common part: version, triggerSource, region, userPoolId, userName,
 * callerContext, request, response).
 */
export type StringMap = Record<string, string>;

export interface TriggerEvent<Request, Response> {
  version: string;
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  request: Request;
  response: Response;
}

/** What every event of this pool shares. */
export interface EventSource {
  region: string;
  userPoolId: string;
}

/** The SDK version Cognito names for its own calls (there is no SDK here, so a fixed, honest value). */
const awsSdkVersion = 'aws-sdk-unknown-unknown';

export function makeEvent<Request, Response>(
  source: EventSource,
  fields: { version?: string; triggerSource: string; userName: string; clientId?: string },
  request: Request,
  response: Response,
): TriggerEvent<Request, Response> {
  return {
    version: fields.version ?? '1',
    triggerSource: fields.triggerSource,
    region: source.region,
    userPoolId: source.userPoolId,
    userName: fields.userName,
    // Cognito sends the app client's id, or the placeholder it uses when there is none.
    callerContext: { awsSdkVersion, clientId: fields.clientId ?? 'CLIENT_ID_NOT_APPLICABLE' },
    request,
    response,
  };
}

export interface UserMigrationRequest {
  password?: string;
  validationData?: StringMap;
  clientMetadata?: StringMap;
}

export interface UserMigrationResponse {
  userAttributes: StringMap | null;
  finalUserStatus: string | null;
  messageAction: string | null;
  desiredDeliveryMediums: string[] | null;
  forceAliasCreation: boolean | null;
  enableSMSMFA: boolean | null;
}

export interface SignUpRequest {
  userAttributes: StringMap;
  validationData?: StringMap;
  clientMetadata?: StringMap;
}

export interface PreSignUpResponse {
  autoConfirmUser: boolean;
  autoVerifyEmail: boolean;
  autoVerifyPhone: boolean;
}

export interface UserAttributesRequest {
  userAttributes: StringMap;
  validationData?: StringMap;
  clientMetadata?: StringMap;
}

export interface PostAuthenticationRequest {
  userAttributes: StringMap;
  newDeviceUsed: boolean;
  clientMetadata?: StringMap;
}

export interface PreAuthenticationRequest {
  userAttributes: StringMap;
  userNotFound?: boolean;
  validationData?: StringMap;
}

interface GroupConfiguration {
  groupsToOverride: string[];
  iamRolesToOverride: string[];
  preferredRole: string | null;
}

export interface PreTokenGenerationRequest {
  userAttributes: StringMap;
  groupConfiguration: GroupConfiguration;
  scopes: string[];
  clientMetadata?: StringMap;
}

/** The V2_0 answer: changes to both tokens and to the groups they name. */
export interface ClaimsAndScopeOverrideDetails {
  idTokenGeneration?: { claimsToAddOrOverride?: Record<string, unknown>; claimsToSuppress?: string[] };
  accessTokenGeneration?: {
    claimsToAddOrOverride?: Record<string, unknown>;
    claimsToSuppress?: string[];
    scopesToAdd?: string[];
    scopesToSuppress?: string[];
  };
  groupOverrideDetails?: { groupsToOverride?: string[]; iamRolesToOverride?: string[]; preferredRole?: string };
}

export interface PreTokenGenerationResponse {
  claimsAndScopeOverrideDetails: ClaimsAndScopeOverrideDetails | null;
}

export interface CustomMessageRequest {
  userAttributes: StringMap;
  codeParameter: string;
  usernameParameter: string | null;
  clientMetadata?: StringMap;
}

export interface CustomMessageResponse {
  smsMessage: string | null;
  emailMessage: string | null;
  emailSubject: string | null;
}
