/**
 * Cognito's error types, with the messages Cognito uses. The hosted pages show `message`; the
 * admin API sends `{ "__type": type, "message": message }` the way the AWS SDK expects.
 */
type CognitoErrorType =
  | 'AliasExistsException'
  | 'CodeMismatchException'
  | 'EnableSoftwareTokenMFAException'
  | 'ExpiredCodeException'
  | 'GroupExistsException'
  | 'InternalErrorException'
  | 'InvalidLambdaResponseException'
  | 'InvalidParameterException'
  | 'InvalidPasswordException'
  | 'LimitExceededException'
  | 'NotAuthorizedException'
  | 'PasswordResetRequiredException'
  | 'ResourceNotFoundException'
  | 'SoftwareTokenMFANotFoundException'
  | 'UnauthorizedException'
  | 'UnexpectedLambdaException'
  | 'UnsupportedOperationException'
  | 'UnsupportedTokenTypeException'
  | 'UserLambdaValidationException'
  | 'UserNotConfirmedException'
  | 'UserNotFoundException'
  | 'UsernameExistsException';

export class CognitoError extends Error {
  constructor(
    readonly type: CognitoErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

/** The messages Cognito's hosted UI and API use, so tests and people see the familiar text. */
export const messages = {
  incorrectCredentials: 'Incorrect username or password.',
  attemptsExceeded: 'Password attempts exceeded',
  userDisabled: 'User is disabled.',
  userNotConfirmed: 'User is not confirmed.',
  userExists: 'An account with the given email already exists.',
  userNotFound: 'User does not exist.',
  groupExists: 'A group with the name already exists.',
  groupNotFound: 'Group not found.',
  /** What the self-service operations (ForgotPassword, ConfirmSignUp, ...) say of an unknown user under LEGACY. */
  userClientNotFound: 'Username/client id combination not found.',
  codeMismatch: 'Invalid verification code provided, please try again.',
  codeExpired: 'Invalid code provided, please request a code again.',
  codeAttemptsExceeded: 'Attempt limit exceeded, please try after some time.',
  cannotResetUnverified: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
  alreadyConfirmed: 'User cannot be confirmed. Current status is CONFIRMED',
  alreadyConfirmedResend: 'User is already confirmed.',
  temporaryPasswordExpired: 'Temporary password has expired and must be reset by an administrator.',
  invalidSession: 'Invalid session for the user.',
  expiredSession: 'Invalid session for the user, session is expired.',
  invalidRefreshToken: 'Invalid Refresh Token.',
  /** What the operations a user authorizes with their access token (GetUser, ...) say of a bad one. */
  invalidAccessToken: 'Invalid Access Token',
  expiredAccessToken: 'Access Token has expired',
  revokedAccessToken: 'Access Token has been revoked',
  accessTokenScopes: 'Access Token does not have required scopes',
  unauthorizedAttribute: 'A client attempted to write unauthorized attribute',
  noEmailToVerify: 'No email attribute to verify for the user.',
  totpNotInPool: 'Software Token MFA has not been enabled by the userPool.',
  totpNotAssociated: 'No software token has been associated with the user.',
  totpNotVerified: 'User has not verified software token mfa',
  totpSetupMismatch: 'Code mismatch and fail enable Software Token MFA',
  totpMismatch: 'Invalid code received for user',
  totpReused: 'Your software token has already been used once.',
} as const;
