import type { TokenIssuer } from '../oidc/token-issuer.ts';
import type { AppClient } from '../pool/clients.ts';
import type { Services } from '../services.ts';

/** What each step of one API sign-in works with. */
export interface SignInContext {
  services: Services;
  issuer: TokenIssuer;
  /** The app client the request names. Each step checks SECRET_HASH itself: it knows the username. */
  client: AppClient;
}

/** Cognito's AuthenticationResultType. */
export interface AuthenticationResult {
  AccessToken: string;
  ExpiresIn: number;
  TokenType: string;
  RefreshToken?: string;
  IdToken: string;
}

/** What InitiateAuth and RespondToAuthChallenge answer: the next challenge, or the tokens. */
export type AuthResponse =
  | { ChallengeName: string; Session?: string; ChallengeParameters: Record<string, string> }
  | { ChallengeParameters: Record<string, never>; AuthenticationResult: AuthenticationResult };
