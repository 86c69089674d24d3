import { z } from 'zod';
import { type Action, parseInput } from '../admin-api/protocol.ts';
import { Violations } from '../admin-api/violations.ts';
import type { ChallengeSession, SessionProblem } from '../pool/challenge-sessions.ts';
import { CognitoError, messages } from '../pool/errors.ts';
import type { Services } from '../services.ts';
import type { MfaSetupStep } from '../sign-in-api/next-step.ts';
import type { Bearer } from './access-token.ts';
import { softwareTokenPreferenceOf } from './mfa-preference.ts';

const authorization = z.object({ AccessToken: z.string().optional(), Session: z.string().optional() }).loose();

const verifyInput = z.object({ UserCode: z.string().optional(), FriendlyDeviceName: z.string().optional() }).loose();

/**
 * TOTP set-up on Cognito's API. AssociateSoftwareToken and VerifySoftwareToken take either the
 * user's access token (a signed-in user adds an authenticator, then turns it on with
 * SetUserMFAPreference) or the Session of a sign-in's MFA_SETUP challenge (a pool that requires MFA,
 * a user without it): each step then answers with the Session of the next, and the last one goes
 * back to RespondToAuthChallenge.
 */
export function softwareTokenActions(services: Services, bearer: Bearer): Record<string, Action> {
  const { challengeSessions, softwareTokens, users } = services;

  /** The access token or the Session a request is authorized by: one of them, not both. */
  const authorizedBy = (input: unknown): { session?: string } => {
    const { AccessToken, Session } = parseInput(authorization, input);
    if ((AccessToken === undefined) === (Session === undefined)) {
      throw new CognitoError('InvalidParameterException', 'Provide either an AccessToken or a Session, not both.');
    }
    return Session === undefined ? {} : { session: Session };
  };

  /** The user an MFA_SETUP session is for, at one of `steps`. */
  const setupUser = async (session: ChallengeSession | SessionProblem, steps: MfaSetupStep[]) => {
    if (session === 'expired') throw new CognitoError('NotAuthorizedException', messages.expiredSession);
    if (session === 'invalid' || !session.userSub || !steps.includes(session.state.step as MfaSetupStep)) {
      throw new CognitoError('NotAuthorizedException', messages.invalidSession);
    }
    const user = await users.bySub(session.userSub);
    if (!user) throw new CognitoError('NotAuthorizedException', messages.invalidSession);
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', messages.userDisabled);
    return { session, user };
  };

  /** The next step of an MFA_SETUP sign-in, as a new Session. */
  const nextSession = (session: ChallengeSession, step: MfaSetupStep) =>
    challengeSessions.start({ ...session, state: { ...session.state, step } });

  return {
    async AssociateSoftwareToken(input) {
      const { session: value } = authorizedBy(input);
      if (value === undefined) {
        const { user } = await bearer(input);
        return { SecretCode: await softwareTokens.associate(user) };
      }
      const redeemed = await challengeSessions.redeem(value, { challenge: 'MFA_SETUP' });
      const { session, user } = await setupUser(redeemed, ['associate', 'verify']);
      const SecretCode = await softwareTokens.associate(user);
      return { SecretCode, Session: await nextSession(session, 'verify') };
    },

    async VerifySoftwareToken(input) {
      const { session: value } = authorizedBy(input);
      const i = parseInput(verifyInput, input);
      const problems = new Violations();
      problems.text('userCode', i.UserCode, {
        required: true,
        minLength: 6,
        maxLength: 6,
        pattern: '[0-9]+',
        sensitive: true,
      });
      problems.text('friendlyDeviceName', i.FriendlyDeviceName, { maxLength: 131072 });
      problems.check();
      const code = i.UserCode as string;
      const deviceName = i.FriendlyDeviceName || undefined;
      if (value === undefined) {
        const { user } = await bearer(input);
        await softwareTokens.verify(user, code, { deviceName, activate: false });
        return { Status: 'SUCCESS' };
      }
      // A wrong code may be typed again with the same Session, a few times.
      const attempt = await challengeSessions.attempt(value, { challenge: 'MFA_SETUP' });
      const { session, user } = await setupUser(attempt, ['verify']);
      await softwareTokens.verify(user, code, { deviceName, activate: true });
      if (!(await challengeSessions.finish(value)))
        throw new CognitoError('NotAuthorizedException', messages.invalidSession);
      return { Status: 'SUCCESS', Session: await nextSession(session, 'done') };
    },

    async SetUserMFAPreference(input) {
      const { user } = await bearer(input);
      await softwareTokens.setPreference(user, softwareTokenPreferenceOf(input));
      return {};
    },
  };
}
