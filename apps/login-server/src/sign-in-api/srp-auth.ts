import { createHmac, randomBytes } from 'node:crypto';
import { checkSecretHash } from '../admin-api/app-client.ts';
import type { User } from '../generated/prisma/client.ts';
import { CognitoError, messages } from '../pool/errors.ts';
import {
  parseClaimTimestamp,
  serverEphemeral,
  srpPoolName,
  validPublicValue,
  verifyPasswordClaim,
} from '../pool/srp.ts';
import type { PasswordProof } from '../pool/users.ts';
import type { AuthResponse, SignInContext } from './context.ts';
import { continueSignIn } from './next-step.ts';
import { type Parameters, required } from './parameters.ts';

const challenge = 'PASSWORD_VERIFIER';

/** How far a claim's TIMESTAMP may be from the server's clock (clients' clocks drift). */
const timestampSkewMs = 5 * 60_000;

/** What the server keeps between USER_SRP_AUTH and the PASSWORD_VERIFIER answer. */
interface SrpState {
  /** SRP_A, and the server's pair (b is absent when there is no verifier to check against). */
  A: string;
  b?: string;
  B: string;
  /** The USER_ID_FOR_SRP handed out. */
  userId: string;
}

/**
 * USER_SRP_AUTH: the client sends SRP_A; the server answers with the PASSWORD_VERIFIER challenge
 * (SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP = the internal username). The SECRET_BLOCK is random and
 * names the stored exchange, so it can be answered once, by this client, within 3 minutes.
 *
 * A login that names nobody (under PreventUserExistenceErrors ENABLED) and a user who has no
 * verifier yet get a challenge that looks the same and cannot be passed.
 */
export async function startSrpAuth(context: SignInContext, parameters: Parameters): Promise<AuthResponse> {
  const login = required(parameters, 'USERNAME');
  const srpA = required(parameters, 'SRP_A');
  const { client, services } = context;
  checkSecretHash(client, login, parameters.SECRET_HASH);
  if (!validPublicValue(srpA)) throw new CognitoError('InvalidParameterException', 'SRP_A is not a valid value');
  const user = await services.users.find(login);
  if (!user?.passwordHash && client.settings.preventUserExistenceErrors === 'LEGACY') {
    throw new CognitoError('UserNotFoundException', messages.userNotFound);
  }
  const decoy = decoyFor(login, services.keys.cookieKeys[0] as string);
  const userId = user?.username ?? decoy.userId;
  const { salt, state } = exchangeFor(user, srpA, userId, decoy.salt);
  const secretBlock = await services.challengeSessions.start(
    { clientId: client.clientId, userSub: user?.sub ?? null, login, challenge, state: { ...state } },
    randomBytes(128).toString('base64'),
  );
  return {
    ChallengeName: challenge,
    ChallengeParameters: {
      SALT: salt,
      SECRET_BLOCK: secretBlock,
      SRP_B: state.B,
      USERNAME: userId,
      USER_ID_FOR_SRP: userId,
    },
  };
}

/** The server's side of the exchange: the user's verifier, or a decoy that costs the same to make. */
function exchangeFor(
  user: User | null,
  A: string,
  userId: string,
  decoySalt: string,
): { salt: string; state: SrpState } {
  if (user?.srpSalt && user.srpVerifier) {
    const { b, B } = serverEphemeral(user.srpVerifier);
    return { salt: user.srpSalt, state: { A, b, B, userId } };
  }
  const { B } = serverEphemeral(randomBytes(384).toString('hex'));
  return { salt: decoySalt, state: { A, B, userId } };
}

/**
 * What a login that names nobody is answered with: a USER_ID_FOR_SRP shaped like a real user's (a
 * UUID) and a salt, both the same at every try as a real user's are, so the answer does not tell
 * whether the account exists.
 */
function decoyFor(login: string, key: string): { userId: string; salt: string } {
  const derive = (purpose: string) =>
    createHmac('sha256', key).update(`${purpose}:${login.trim().toLowerCase()}`).digest('hex');
  const salt = derive('srp-salt').slice(0, 32);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (uuid.test(login)) return { userId: login.toLowerCase(), salt };
  const hex = derive('srp-user-id');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const userId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return { userId, salt };
}

/**
 * The PASSWORD_VERIFIER answer: PASSWORD_CLAIM_SIGNATURE over the SECRET_BLOCK and a fresh TIMESTAMP,
 * checked through the same sign-in as a password (lock-out, disabled, unconfirmed, temporary password).
 */
export async function answerPasswordVerifier(context: SignInContext, responses: Parameters): Promise<AuthResponse> {
  const { client, services } = context;
  const username = required(responses, 'USERNAME');
  const secretBlock = required(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const signature = required(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const timestamp = required(responses, 'TIMESTAMP');
  // This pool remembers no devices. Answered before the exchange is used up: AWS's clients then
  // forget the device and send the same answer again without it.
  if (responses.DEVICE_KEY) throw new CognitoError('ResourceNotFoundException', 'Device does not exist.');
  checkSecretHash(client, username, responses.SECRET_HASH);

  const session = await services.challengeSessions.redeem(secretBlock, { clientId: client.clientId, challenge });
  if (session === 'expired') throw new CognitoError('NotAuthorizedException', messages.expiredSession);
  if (session === 'invalid') throw new CognitoError('NotAuthorizedException', messages.invalidSession);
  const state = session.state as unknown as SrpState;
  const sameLogin = username === state.userId || username.trim().toLowerCase() === session.login.trim().toLowerCase();
  if (!sameLogin) throw new CognitoError('NotAuthorizedException', messages.incorrectCredentials);

  const poolName = srpPoolName(services.config.server.userPoolId);
  const claimed = parseClaimTimestamp(timestamp);
  const fresh = claimed !== undefined && Math.abs(claimed.getTime() - Date.now()) <= timestampSkewMs;
  const claim = { poolName, userId: state.userId, A: state.A, B: state.B, secretBlock, timestamp, signature };
  const proof: PasswordProof = {
    checkable: (user) => Boolean(state.b && user.srpVerifier),
    matches: async (user) =>
      fresh && verifyPasswordClaim({ ...claim, b: state.b as string, verifier: user.srpVerifier as string }),
    // The same modular arithmetic as a real check (an exponent of b's size), against nothing.
    decoy: async () => {
      verifyPasswordClaim({ ...claim, b: randomBytes(128).toString('hex'), verifier: state.B });
    },
  };
  const { user, newPasswordRequired } = await services.users.signInWith(
    session.login,
    proof,
    client.settings.preventUserExistenceErrors,
    client.clientId,
  );
  return continueSignIn(context, { user, login: session.login, newPasswordRequired });
}
