import { z } from 'zod';
import { recordAccountSignOut } from '../inspector/sign-out-steps.ts';
import { revokeAllForAccount } from '../oidc/adapter.ts';
import type { AppClient } from '../pool/clients.ts';
import { CognitoError, messages } from '../pool/errors.ts';
import { generateTemporaryPassword } from '../pool/passwords.ts';
import type { Services } from '../services.ts';
import { softwareTokenPreferenceOf } from '../user-api/mfa-preference.ts';
import { checkSecretHash, namedAppClient } from './app-client.ts';
import { type Action, asRecord, attributeList, parseInput } from './protocol.ts';
import { codeDelivery, toAdminGetUser, toUserType } from './shapes.ts';

const username = z.string().min(1).max(128);
const password = z.string().min(1).max(256);
const code = z.string().min(1).max(2048);

/** ListUsers' filter: `attribute = "value"` or `attribute ^= "prefix"`. */
function parseFilter(filter: string | undefined) {
  if (!filter?.trim()) return undefined;
  const match = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!match) throw new CognitoError('InvalidParameterException', `Error while parsing filter: ${filter}`);
  return { name: match[1]!, prefix: match[2] === '^=', value: match[3]!.replace(/\\(.)/g, '$1') };
}

/** The user pool's users on Cognito's API: self-service actions (by app client) and admin actions. */
export function userActions(services: Services, pool: (input: unknown) => void): Record<string, Action> {
  const { users, selfService, clients, config, emails, triggers, prisma } = services;

  /** The app client a self-service call names, with Cognito's SECRET_HASH check for clients with a secret. */
  async function appClient(clientId: string, login: string, secretHash: string | undefined): Promise<AppClient> {
    const client = await namedAppClient(clients, clientId);
    checkSecretHash(client, login, secretHash);
    return client;
  }

  const selfServiceInput = z.object({
    ClientId: z.string().min(1),
    Username: username,
    SecretHash: z.string().optional(),
  });

  const adminInput = z.object({ UserPoolId: z.string(), Username: username });
  const adminUser = async (input: unknown) => {
    pool(input);
    const { Username } = parseInput(adminInput.loose(), input);
    return users.get(Username);
  };

  return {
    async SignUp(input) {
      const i = parseInput(
        selfServiceInput
          .extend({
            Password: password,
            UserAttributes: attributeList,
            ValidationData: attributeList,
          })
          .loose(),
        input,
      );
      await appClient(i.ClientId, i.Username, i.SecretHash);
      // This pool signs in by email: the username is the email.
      if (!z.email().safeParse(i.Username).success) {
        throw new CognitoError('InvalidParameterException', 'Username should be an email.');
      }
      const { email: _email, ...attributes } = asRecord(i.UserAttributes);
      const user = await selfService.signUp(i.Username, i.Password, attributes, i.ClientId, asRecord(i.ValidationData));
      // Confirmed by the pre sign-up trigger: no code was sent.
      if (user.status === 'CONFIRMED') return { UserConfirmed: true, UserSub: user.sub };
      return { UserConfirmed: false, UserSub: user.sub, CodeDeliveryDetails: codeDelivery(user.email!) };
    },

    async ConfirmSignUp(input) {
      const i = parseInput(selfServiceInput.extend({ ConfirmationCode: code }).loose(), input);
      const client = await appClient(i.ClientId, i.Username, i.SecretHash);
      await selfService.confirmSignUp(
        i.Username,
        i.ConfirmationCode,
        client.settings.preventUserExistenceErrors,
        client.clientId,
      );
      return {};
    },

    async ResendConfirmationCode(input) {
      const i = parseInput(selfServiceInput.loose(), input);
      const client = await appClient(i.ClientId, i.Username, i.SecretHash);
      const delivery = await selfService.resendConfirmationCode(
        i.Username,
        client.settings.preventUserExistenceErrors,
        client.clientId,
      );
      return { CodeDeliveryDetails: codeDelivery(delivery.to) };
    },

    async ForgotPassword(input) {
      const i = parseInput(selfServiceInput.loose(), input);
      const client = await appClient(i.ClientId, i.Username, i.SecretHash);
      const delivery = await selfService.forgotPassword(
        i.Username,
        client.settings.preventUserExistenceErrors,
        client.clientId,
      );
      return { CodeDeliveryDetails: codeDelivery(delivery.to) };
    },

    async ConfirmForgotPassword(input) {
      const i = parseInput(selfServiceInput.extend({ ConfirmationCode: code, Password: password }).loose(), input);
      const client = await appClient(i.ClientId, i.Username, i.SecretHash);
      await selfService.confirmForgotPassword(
        i.Username,
        i.ConfirmationCode,
        i.Password,
        client.settings.preventUserExistenceErrors,
        client.clientId,
      );
      return {};
    },

    async AdminCreateUser(input) {
      pool(input);
      const i = parseInput(
        z
          .object({
            Username: username,
            UserAttributes: attributeList,
            TemporaryPassword: password.optional(),
            MessageAction: z.enum(['RESEND', 'SUPPRESS']).optional(),
            ValidationData: attributeList,
          })
          .loose(),
        input,
      );
      const attributes = asRecord(i.UserAttributes);
      const email = attributes.email ?? i.Username;
      if (!z.email().safeParse(email).success) {
        throw new CognitoError('InvalidParameterException', 'Username should be an email.');
      }
      const { email: _e, email_verified: verified, ...rest } = attributes;
      const temporary = i.TemporaryPassword ?? generateTemporaryPassword();
      // Cognito runs pre sign-up for an administrator's users too: its refusal is the answer. Its
      // autoConfirmUser and autoVerifyEmail do not apply: the user still has to change the password.
      await triggers.preSignUp({ userName: i.Username }, 'PreSignUp_AdminCreateUser', {
        userAttributes: { ...attributes, email: email.trim().toLowerCase() },
        validationData: asRecord(i.ValidationData),
      });
      const user = await users.create({
        email,
        password: temporary,
        emailVerified: verified === 'true',
        attributes: rest,
        status: 'FORCE_CHANGE_PASSWORD',
      });
      if (i.MessageAction !== 'SUPPRESS') {
        await emails.send(
          user,
          'CustomMessage_AdminCreateUser',
          undefined,
          { code: temporary, username: email },
          {
            subject: 'Your temporary password',
            body: `Your username is ${email} and temporary password is ${temporary}.`,
          },
        );
      }
      return { User: toUserType(user) };
    },

    async AdminSetUserPassword(input) {
      const user = await adminUser(input);
      const i = parseInput(z.object({ Password: password, Permanent: z.boolean().default(false) }).loose(), input);
      await users.setPassword(user.sub, i.Password, i.Permanent);
      return {};
    },

    async AdminGetUser(input) {
      return toAdminGetUser(await adminUser(input));
    },

    async AdminConfirmSignUp(input) {
      const user = await adminUser(input);
      if (user.status !== 'UNCONFIRMED') throw new CognitoError('NotAuthorizedException', messages.alreadyConfirmed);
      const confirmed = await users.confirm(user.sub, { emailProven: false });
      // As for ConfirmSignUp: the user stays confirmed when the trigger fails; its error is the answer.
      await triggers.postConfirmation({ userName: confirmed.username }, 'PostConfirmation_ConfirmSignUp', confirmed);
      return {};
    },

    async AdminUpdateUserAttributes(input) {
      const user = await adminUser(input);
      const i = parseInput(z.object({ UserAttributes: attributeList }).loose(), input);
      await users.updateAttributes(user.sub, asRecord(i.UserAttributes));
      return {};
    },

    async AdminDeleteUser(input) {
      const user = await adminUser(input);
      const revoked = await revokeAllForAccount(services.pool, user.sub);
      await users.delete(user.sub);
      recordAccountSignOut(services.flows, 'AdminDeleteUser', user, revoked);
      return {};
    },

    async AdminDisableUser(input) {
      const user = await adminUser(input);
      // Cognito: "Deactivates a user and revokes all access tokens for the user."
      await users.setEnabled(user.sub, false);
      const revoked = await revokeAllForAccount(services.pool, user.sub);
      recordAccountSignOut(services.flows, 'AdminDisableUser', user, revoked);
      return {};
    },

    async AdminSetUserMFAPreference(input) {
      const user = await adminUser(input);
      await services.softwareTokens.setPreference(user, softwareTokenPreferenceOf(input));
      return {};
    },

    /** TOTP is the only factor: on whenever MFA is (Cognito's SoftwareTokenMfaConfiguration). */
    async GetUserPoolMfaConfig(input) {
      pool(input);
      return {
        MfaConfiguration: config.pool.mfa,
        SoftwareTokenMfaConfiguration: { Enabled: config.pool.mfa !== 'OFF' },
      };
    },

    async AdminEnableUser(input) {
      const user = await adminUser(input);
      await users.setEnabled(user.sub, true);
      return {};
    },

    async AdminUserGlobalSignOut(input) {
      const user = await adminUser(input);
      const revoked = await revokeAllForAccount(services.pool, user.sub);
      recordAccountSignOut(services.flows, 'AdminUserGlobalSignOut', user, revoked);
      return {};
    },

    async ListUsers(input) {
      pool(input);
      const i = parseInput(
        z
          .object({
            Limit: z.number().int().min(0).max(60).optional(),
            PaginationToken: z.string().optional(),
            Filter: z.string().optional(),
            AttributesToGet: z.array(z.string()).optional(),
          })
          .loose(),
        input,
      );
      const after = i.PaginationToken ? Buffer.from(i.PaginationToken, 'base64url').toString() : undefined;
      const filter = parseFilter(i.Filter);
      const { users: found, next } = await users.list({
        limit: i.Limit || 60,
        ...(after ? { after } : {}),
        ...(filter ? { filter } : {}),
      });
      const shaped = found
        .map(toUserType)
        .map((u) =>
          i.AttributesToGet ? { ...u, Attributes: u.Attributes.filter((a) => i.AttributesToGet!.includes(a.Name)) } : u,
        );
      return { Users: shaped, ...(next ? { PaginationToken: Buffer.from(next).toString('base64url') } : {}) };
    },

    async DescribeUserPool(input) {
      pool(input);
      const policy = config.pool.passwordPolicy;
      return {
        UserPool: {
          Id: config.server.userPoolId,
          Name: config.server.userPoolId,
          Arn: `arn:aws:cognito-idp:${config.server.region}:000000000000:userpool/${config.server.userPoolId}`,
          UsernameAttributes: ['email'],
          AutoVerifiedAttributes: ['email'],
          MfaConfiguration: config.pool.mfa,
          Policies: {
            PasswordPolicy: {
              MinimumLength: policy.minimumLength,
              RequireUppercase: policy.requireUppercase,
              RequireLowercase: policy.requireLowercase,
              RequireNumbers: policy.requireNumbers,
              RequireSymbols: policy.requireSymbols,
              TemporaryPasswordValidityDays: policy.temporaryPasswordValidityDays,
            },
          },
          EstimatedNumberOfUsers: await prisma.user.count(),
        },
      };
    },
  };
}
