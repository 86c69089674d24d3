import type { AuthResponse, SignInContext } from './context.ts';
import { answerMfaSetup, answerSoftwareTokenMfa } from './mfa.ts';
import { answerNewPassword } from './new-password.ts';
import type { Parameters } from './parameters.ts';
import { answerPasswordVerifier } from './srp-auth.ts';

/** Answers one challenge of RespondToAuthChallenge: its ChallengeResponses and the Session it came with. */
type ChallengeResponder = (
  context: SignInContext,
  responses: Parameters,
  session: string | undefined,
) => Promise<AuthResponse>;

/**
 * The challenges this pool starts, each with its answer. A new one is a responder here and the step
 * in next-step.ts that starts it.
 */
export const challengeResponders: Record<string, ChallengeResponder> = {
  PASSWORD_VERIFIER: answerPasswordVerifier,
  NEW_PASSWORD_REQUIRED: answerNewPassword,
  SOFTWARE_TOKEN_MFA: answerSoftwareTokenMfa,
  MFA_SETUP: answerMfaSetup,
};
