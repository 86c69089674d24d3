import { CognitoError } from '../pool/errors.ts';

/** AuthParameters and ChallengeResponses: Cognito's string maps. */
export type Parameters = Record<string, string>;

/** A parameter the flow needs; Cognito's "Missing required parameter" when it is absent or empty. */
export function required(parameters: Parameters, name: string): string {
  const value = parameters[name];
  if (!value) throw new CognitoError('InvalidParameterException', `Missing required parameter ${name}`);
  return value;
}
