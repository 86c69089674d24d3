import { z } from 'zod';
import { type Action, asRecord, attributeList, parseInput } from '../admin-api/protocol.ts';
import { codeDelivery } from '../admin-api/shapes.ts';
import { Violations } from '../admin-api/violations.ts';
import { toAttributeList } from '../pool/attributes.ts';
import { CognitoError, messages } from '../pool/errors.ts';
import { mfaSettingsOf } from '../pool/mfa-settings.ts';
import type { Services } from '../services.ts';
import type { Bearer } from './access-token.ts';

/** Attributes only the pool (or an administrator) sets: a user writing them is refused, as Cognito refuses an app client. */
const notUserWritable = new Set(['sub', 'email_verified', 'phone_number_verified']);

/** The attributes the pool can verify with a code; this pool sends email only. */
const verifiable = new Set(['email']);

const attributeName = z.object({ AttributeName: z.string().optional() }).loose();

/**
 * A user's own profile on Cognito's API, authorized by their access token: GetUser,
 * UpdateUserAttributes (a changed email is unverified until its code, mailed to it, is given back),
 * GetUserAttributeVerificationCode and VerifyUserAttribute.
 */
export function profileActions(services: Services, bearer: Bearer): Record<string, Action> {
  const { users, selfService } = services;

  /** The AttributeName of a verification operation, checked; only `email` can be verified here. */
  const verifiableAttribute = (input: unknown, problems: Violations) => {
    const { AttributeName } = parseInput(attributeName, input);
    problems.text('attributeName', AttributeName, { required: true, minLength: 1, maxLength: 32 });
    problems.check();
    if (!verifiable.has(AttributeName as string)) {
      throw new CognitoError(
        'InvalidParameterException',
        `Attribute ${AttributeName} cannot be verified in this pool.`,
      );
    }
  };

  return {
    async GetUser(input) {
      const { user } = await bearer(input);
      return { Username: user.username, UserAttributes: toAttributeList(user), ...mfaSettingsOf(user) };
    },

    async UpdateUserAttributes(input) {
      const { user, clientId } = await bearer(input);
      const i = parseInput(z.object({ UserAttributes: attributeList.optional() }).loose(), input);
      const problems = new Violations();
      if (i.UserAttributes === undefined) problems.add('userAttributes', undefined, 'not be null');
      problems.check();
      const updates = asRecord(i.UserAttributes ?? []);
      if (Object.keys(updates).some((name) => notUserWritable.has(name))) {
        throw new CognitoError('NotAuthorizedException', messages.unauthorizedAttribute);
      }
      let updated: Awaited<ReturnType<typeof users.updateAttributes>>;
      try {
        updated = await users.updateAttributes(user.sub, updates);
      } catch (error) {
        // The email is this pool's username attribute: another user's is Cognito's alias conflict.
        if (error instanceof CognitoError && error.type === 'UsernameExistsException') {
          throw new CognitoError('AliasExistsException', messages.userExists);
        }
        throw error;
      }
      if (!updated.email || updated.email === user.email) return {};
      const sentTo = await selfService.sendEmailVerificationCode(
        updated,
        'CustomMessage_UpdateUserAttribute',
        clientId,
      );
      return { CodeDeliveryDetailsList: [codeDelivery(sentTo)] };
    },

    async GetUserAttributeVerificationCode(input) {
      const { user, clientId } = await bearer(input);
      verifiableAttribute(input, new Violations());
      const sentTo = await selfService.sendEmailVerificationCode(user, 'CustomMessage_VerifyUserAttribute', clientId);
      return { CodeDeliveryDetails: codeDelivery(sentTo) };
    },

    async VerifyUserAttribute(input) {
      const { user } = await bearer(input);
      const { Code } = parseInput(z.object({ Code: z.string().optional() }).loose(), input);
      const problems = new Violations();
      problems.text('code', Code, { required: true, minLength: 1, maxLength: 2048, pattern: String.raw`[\S]+` });
      verifiableAttribute(input, problems);
      await selfService.verifyEmail(user, Code as string);
      return {};
    },
  };
}
