import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { asPage, authorizeRequest, Browser, textOf } from '@sso/testing';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeEvent } from '../src/triggers/events.ts';
import { TriggerInvoker } from '../src/triggers/invoke.ts';
import { apiRequest, useSdkClient } from './support/cognito-api.ts';
import { decodeJwt, exchangeCode, openSignIn, refreshGrant, signIn, signInForTokens } from './support/flows.ts';
import { mailedCode, mailedMessages } from './support/mailbox.ts';
import { createUser, password, testClients, useTestServer } from './support/server.ts';
import { apiClients, initiateAuth, passwordAuth, signInPool } from './support/sign-in.ts';
import { clearTriggerEvents, moduleHandler, startHttpHandler, triggerEvents } from './support/trigger-handlers.ts';

const legacyPassword = 'Legacy-Passw0rd!';
const { mobile, legacy } = apiClients;

/** The sign-in triggers wired to `handler` (a module path or a URL). */
function poolWith(handler: string) {
  return {
    ...signInPool(),
    triggers: { userMigration: handler, preAuthentication: handler, postAuthentication: handler },
  };
}

const commonShape = (triggerSource: string, userName: string, clientId: string) => ({
  version: '1',
  triggerSource,
  region: 'us-east-1',
  userPoolId: 'us-east-1_LocalPool',
  userName,
  callerContext: { awsSdkVersion: expect.any(String), clientId },
});

/** What Cognito sends a user migration handler as `response`: every field, for the handler to fill in. */
const migrationResponse = {
  userAttributes: null,
  finalUserStatus: null,
  messageAction: null,
  desiredDeliveryMediums: null,
  forceAliasCreation: null,
  enableSMSMFA: null,
};

describe.each([
  ['a JavaScript module', async () => ({ handler: moduleHandler, close: async () => {} })],
  [
    'an HTTP handler',
    async () => {
      const http = await startHttpHandler();
      return { handler: http.url, close: http.close };
    },
  ],
])('sign-in triggers as %s', (_kind, makeHandler) => {
  let close: () => Promise<void>;
  const server = useTestServer(async () => {
    const made = await makeHandler();
    close = made.close;
    return { pool: poolWith(made.handler) };
  });
  const cognito = useSdkClient(server);
  afterAll(() => close?.());
  beforeEach(() => clearTriggerEvents());

  const passwordSignIn = (username: string, pass: string, clientId: string = mobile.id) =>
    cognito.send(passwordAuth(clientId, username, pass));
  const usersNamed = async (email: string) =>
    (await cognito.send(new ListUsersCommand({ UserPoolId: 'us-east-1_LocalPool', Filter: `email = "${email}"` })))
      .Users ?? [];

  it('migrates an unknown user whose legacy password the handler accepts, then signs them in', async () => {
    const email = `first-${_kind.length}@legacy.example`;
    const answer = await passwordSignIn(email, legacyPassword);
    expect(answer.AuthenticationResult?.IdToken).toBeTruthy();
    const [migration, preAuth, postAuth] = triggerEvents();
    expect(migration).toEqual({
      ...commonShape('UserMigration_Authentication', email, mobile.id),
      request: { password: legacyPassword, validationData: {} },
      response: migrationResponse,
    });
    const [user] = await usersNamed(email);
    expect(user?.UserStatus).toBe('CONFIRMED');
    const attributes = Object.fromEntries((user?.Attributes ?? []).map((a) => [a.Name, a.Value]));
    expect(attributes).toMatchObject({ email, email_verified: 'true', name: 'Legacy Person' });
    const userAttributes = {
      sub: user?.Username,
      email,
      email_verified: 'true',
      'cognito:user_status': 'CONFIRMED',
      name: 'Legacy Person',
    };
    expect(preAuth).toEqual({
      ...commonShape('PreAuthentication_Authentication', user?.Username as string, mobile.id),
      request: { userAttributes, validationData: {} },
      response: {},
    });
    expect(postAuth).toEqual({
      ...commonShape('PostAuthentication_Authentication', user?.Username as string, mobile.id),
      request: { userAttributes, newDeviceUsed: false },
      response: {},
    });

    // The second time the pool knows them: no migration, the password is the pool's now.
    clearTriggerEvents();
    expect((await passwordSignIn(email, legacyPassword)).AuthenticationResult?.IdToken).toBeTruthy();
    expect(triggerEvents().map((e) => e.triggerSource)).toEqual([
      'PreAuthentication_Authentication',
      'PostAuthentication_Authentication',
    ]);
  });

  it('makes nobody when the handler refuses: the answer is the usual one for a wrong password', async () => {
    const email = `wrong-${_kind.length}@legacy.example`;
    await expect(passwordSignIn(email, 'Not-the-0ne!')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect(triggerEvents().map((e) => e.triggerSource)).toEqual(['UserMigration_Authentication']);
    expect(await usersNamed(email)).toEqual([]);
    // An app client with LEGACY existence errors says the user does not exist.
    await expect(passwordSignIn(email, 'Not-the-0ne!', legacy.id)).rejects.toMatchObject({
      name: 'UserNotFoundException',
    });
  });

  it('fails the sign-in with Cognito error when pre or post authentication throws', async () => {
    await createUser(server, 'someone@blocked.example');
    await expect(passwordSignIn('someone@blocked.example', password)).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'PreAuthentication failed with error This account is blocked.',
    });
    await createUser(server, 'audit-fails@example.com');
    await expect(passwordSignIn('audit-fails@example.com', password)).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'PostAuthentication failed with error Audit log is down.',
    });
  });

  it('migrates at the hosted page, and shows a trigger error there as Cognito does', async () => {
    const email = `hosted-${_kind.length}@legacy.example`;
    const tokens = await signInForTokens(server.baseUrl, testClients.productA, email, legacyPassword);
    expect(tokens.id_token).toBeTruthy();
    expect(triggerEvents()[0]).toMatchObject({
      triggerSource: 'UserMigration_Authentication',
      callerContext: { clientId: testClients.productA.id },
    });

    await createUser(server, `page-${_kind.length}@blocked.example`);
    const { browser, page } = await openSignIn(server.baseUrl, testClients.productA);
    const answer = asPage(await browser.submit(page, { username: `page-${_kind.length}@blocked.example`, password }));
    expect(answer.status).toBe(400);
    expect(textOf(answer)).toContain('PreAuthentication failed with error This account is blocked.');
  });

  it('migrates in the forgot-password flow: the user resets the password with the mailed code', async () => {
    const email = `reset-${_kind.length}@legacy.example`;
    const delivery = await cognito.send(new ForgotPasswordCommand({ ClientId: mobile.id, Username: email }));
    expect(delivery.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL');
    expect(triggerEvents()[0]).toEqual({
      ...commonShape('UserMigration_ForgotPassword', email, mobile.id),
      request: { validationData: {} },
      response: migrationResponse,
    });
    expect(await usersNamed(email)).toMatchObject([{ UserStatus: 'RESET_REQUIRED' }]);
    await cognito.send(
      new ConfirmForgotPasswordCommand({
        ClientId: mobile.id,
        Username: email,
        ConfirmationCode: await mailedCode(server.baseUrl, email),
        Password: password,
      }),
    );
    expect((await passwordSignIn(email, password)).AuthenticationResult?.IdToken).toBeTruthy();

    // Someone the handler does not know: nothing is made, the answer looks the same.
    const unknown = `reset-${_kind.length}@elsewhere.example`;
    await cognito.send(new ForgotPasswordCommand({ ClientId: mobile.id, Username: unknown }));
    expect(await usersNamed(unknown)).toEqual([]);
  });

  it('does not migrate with SRP: the handler needs the password', async () => {
    // USER_SRP_AUTH for a login nobody has: the challenge comes, no trigger is called.
    const srpA = 'a'.repeat(256);
    await cognito
      .send(initiateAuth(mobile.id, 'USER_SRP_AUTH', { USERNAME: 'srp@legacy.example', SRP_A: srpA }))
      .catch(() => undefined);
    expect(triggerEvents()).toEqual([]);
  });
});

describe('sign-up triggers', () => {
  const handler = moduleHandler;
  const server = useTestServer({
    pool: { ...signInPool(), triggers: { preSignUp: handler, postConfirmation: handler, customMessage: handler } },
  });
  const cognito = useSdkClient(server);
  beforeEach(() => clearTriggerEvents());

  const signUp = (email: string) =>
    cognito.send(
      new SignUpCommand({
        ClientId: mobile.id,
        Username: email,
        Password: password,
        UserAttributes: [{ Name: 'name', Value: 'New Person' }],
      }),
    );

  it('sends pre sign-up, custom message and post confirmation their events, and uses the message', async () => {
    const email = 'new@example.com';
    expect(await signUp(email)).toMatchObject({ UserConfirmed: false });
    const [preSignUp, customMessage] = triggerEvents();
    expect(preSignUp).toEqual({
      ...commonShape('PreSignUp_SignUp', email, mobile.id),
      request: { userAttributes: { name: 'New Person', email }, validationData: {} },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
    const { sub } = await server.services.users.get(email);
    expect(customMessage).toEqual({
      ...commonShape('CustomMessage_SignUp', sub, mobile.id),
      request: {
        userAttributes: {
          sub,
          email,
          email_verified: 'false',
          'cognito:user_status': 'UNCONFIRMED',
          name: 'New Person',
        },
        codeParameter: '{####}',
        usernameParameter: null,
      },
      response: { smsMessage: null, emailMessage: null, emailSubject: null },
    });
    const [mail] = await mailedMessages(server.baseUrl, email);
    expect(mail?.body).toMatch(/^Hello new@example\.com, your Acme code is \d{6}$/);

    clearTriggerEvents();
    await cognito.send(
      new ConfirmSignUpCommand({
        ClientId: mobile.id,
        Username: email,
        ConfirmationCode: await mailedCode(server.baseUrl, email),
      }),
    );
    expect(triggerEvents()).toEqual([
      {
        ...commonShape('PostConfirmation_ConfirmSignUp', sub, mobile.id),
        request: {
          userAttributes: {
            sub,
            email,
            email_verified: 'true',
            'cognito:user_status': 'CONFIRMED',
            name: 'New Person',
          },
        },
        response: {},
      },
    ]);
  });

  it('lets pre sign-up confirm a user at once (no code sent) or refuse the sign-up', async () => {
    expect(await signUp('someone@trusted.example')).toMatchObject({ UserConfirmed: true });
    expect(await mailedMessages(server.baseUrl, 'someone@trusted.example')).toEqual([]);
    const user = await server.services.users.find('someone@trusted.example');
    expect(user).toMatchObject({ status: 'CONFIRMED', emailVerified: true });

    await expect(signUp('someone@refused.example')).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'PreSignUp failed with error Sign-ups are closed.',
    });
    expect(await server.services.users.find('someone@refused.example')).toBeNull();
  });
});

describe('triggers of the administrator and the user APIs', () => {
  const UserPoolId = 'us-east-1_LocalPool';
  const handler = moduleHandler;
  const server = useTestServer({
    pool: { ...signInPool(), triggers: { preSignUp: handler, postConfirmation: handler, customMessage: handler } },
  });
  const cognito = useSdkClient(server);
  beforeEach(() => clearTriggerEvents());

  const adminCreate = (email: string) =>
    cognito.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username: email,
        TemporaryPassword: 'Temp-Passw0rd!',
        ValidationData: [{ Name: 'invitedBy', Value: 'support' }],
        ClientMetadata: { campaign: 'spring' },
      }),
    );

  it('AdminCreateUser runs pre sign-up and words the invitation with both placeholders', async () => {
    const email = 'invited@example.com';
    await adminCreate(email);
    const [preSignUp, customMessage] = triggerEvents();
    expect(preSignUp).toEqual({
      ...commonShape('PreSignUp_AdminCreateUser', email, 'CLIENT_ID_NOT_APPLICABLE'),
      request: {
        userAttributes: { email },
        validationData: { invitedBy: 'support' },
        clientMetadata: { campaign: 'spring' },
      },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
    expect(customMessage).toMatchObject({
      triggerSource: 'CustomMessage_AdminCreateUser',
      request: { codeParameter: '{####}', usernameParameter: '{username}' },
    });
    const [mail] = await mailedMessages(server.baseUrl, email);
    expect(mail?.body).toBe(`Welcome to Acme, ${email}: your password is Temp-Passw0rd!`);
    // The temporary password works, and must be changed, whatever pre sign-up answered.
    const answer = await cognito.send(passwordAuth(mobile.id, email, 'Temp-Passw0rd!'));
    expect(answer.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });

  it('sends the default invitation when the worded one leaves out the username', async () => {
    const email = 'someone@plain.example';
    await adminCreate(email);
    const [mail] = await mailedMessages(server.baseUrl, email);
    expect(mail?.body).toBe(`Your username is ${email} and temporary password is Temp-Passw0rd!.`);
  });

  it('AdminCreateUser refused by pre sign-up: the error is the answer, nobody is made, nothing mailed', async () => {
    const email = 'invited@refused.example';
    await expect(adminCreate(email)).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'PreSignUp failed with error Sign-ups are closed.',
    });
    expect(await server.services.users.find(email)).toBeNull();
    expect(await mailedMessages(server.baseUrl, email)).toEqual([]);
  });

  it('SignUp hands pre sign-up its ValidationData and ClientMetadata', async () => {
    const email = 'with-data@example.com';
    await cognito.send(
      new SignUpCommand({
        ClientId: mobile.id,
        Username: email,
        Password: password,
        ValidationData: [{ Name: 'recaptcha', Value: 'ok' }],
        ClientMetadata: { source: 'landing-page' },
      }),
    );
    expect(triggerEvents()[0]).toMatchObject({
      triggerSource: 'PreSignUp_SignUp',
      request: { validationData: { recaptcha: 'ok' }, clientMetadata: { source: 'landing-page' } },
    });
  });

  it('AdminConfirmSignUp runs post confirmation with its ClientMetadata', async () => {
    const email = 'admin-confirmed@example.com';
    const { UserSub: sub } = await cognito.send(
      new SignUpCommand({ ClientId: mobile.id, Username: email, Password: password }),
    );
    clearTriggerEvents();
    await cognito.send(
      new AdminConfirmSignUpCommand({ UserPoolId, Username: email, ClientMetadata: { by: 'support' } }),
    );
    expect(triggerEvents()).toEqual([
      {
        ...commonShape('PostConfirmation_ConfirmSignUp', sub!, 'CLIENT_ID_NOT_APPLICABLE'),
        request: {
          userAttributes: { sub, email, email_verified: 'false', 'cognito:user_status': 'CONFIRMED' },
          clientMetadata: { by: 'support' },
        },
        response: {},
      },
    ]);
  });

  it('words the attribute verification emails (UpdateUserAttribute, VerifyUserAttribute) for the token client', async () => {
    const email = 'verify-me@example.com';
    await createUser(server, email);
    const { AuthenticationResult } = await cognito.send(passwordAuth(mobile.id, email, password));
    const AccessToken = AuthenticationResult!.AccessToken!;
    clearTriggerEvents();
    await cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }));
    const moved = 'verify-me-too@example.com';
    await cognito.send(
      new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: moved }] }),
    );
    expect(
      triggerEvents().map((event) => [event.triggerSource, (event.callerContext as { clientId: string }).clientId]),
    ).toEqual([
      ['CustomMessage_VerifyUserAttribute', mobile.id],
      ['CustomMessage_UpdateUserAttribute', mobile.id],
    ]);
    for (const to of [email, moved]) {
      const [mail] = await mailedMessages(server.baseUrl, to);
      expect(mail?.body).toMatch(/^Hello \S+, your Acme code is \d{6}$/);
      expect(mail?.body).toContain(`Hello ${to},`);
    }
  });
});

describe('ClientMetadata, where Cognito puts it', () => {
  const metadata = { app: 'web', step: 'sign-in' };
  const handler = moduleHandler;
  const triggers = {
    userMigration: handler,
    preAuthentication: handler,
    postAuthentication: handler,
    preTokenGeneration: handler,
    customMessage: handler,
  };
  const server = useTestServer({ pool: { ...signInPool(), triggers } });
  const cognito = useSdkClient(server);
  beforeEach(() => clearTriggerEvents());

  const requestOf = (source: string) => triggerEvents().find((event) => event.triggerSource === source)?.request;

  it('InitiateAuth: as validationData, to user migration and pre authentication only', async () => {
    const email = 'metadata@legacy.example';
    await cognito.send(
      new InitiateAuthCommand({
        ClientId: mobile.id,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: legacyPassword },
        ClientMetadata: metadata,
      }),
    );
    expect(triggerEvents().map((event) => event.triggerSource)).toEqual([
      'UserMigration_Authentication',
      'PreAuthentication_Authentication',
      'PostAuthentication_Authentication',
      'TokenGeneration_Authentication',
    ]);
    expect(requestOf('UserMigration_Authentication')).toEqual({ password: legacyPassword, validationData: metadata });
    expect(requestOf('PreAuthentication_Authentication')).toMatchObject({ validationData: metadata });
    for (const source of [
      'PreAuthentication_Authentication',
      'PostAuthentication_Authentication',
      'TokenGeneration_Authentication',
    ]) {
      expect(requestOf(source)).not.toHaveProperty('clientMetadata');
    }
  });

  it('RespondToAuthChallenge: as clientMetadata, to post authentication and pre token generation', async () => {
    const email = 'new-password@example.com';
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: 'us-east-1_LocalPool',
        Username: email,
        TemporaryPassword: 'Temp-Passw0rd!',
        MessageAction: 'SUPPRESS',
      }),
    );
    const started = await cognito.send(passwordAuth(mobile.id, email, 'Temp-Passw0rd!'));
    clearTriggerEvents();
    const answer = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: mobile.id,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: started.Session,
        ChallengeResponses: { USERNAME: email, NEW_PASSWORD: password },
        ClientMetadata: metadata,
      }),
    );
    expect(answer.AuthenticationResult?.IdToken).toBeTruthy();
    expect(triggerEvents().map((event) => event.triggerSource)).toEqual([
      'PostAuthentication_Authentication',
      'TokenGeneration_Authentication',
    ]);
    expect(requestOf('PostAuthentication_Authentication')).toMatchObject({ clientMetadata: metadata });
    expect(requestOf('TokenGeneration_Authentication')).toMatchObject({ clientMetadata: metadata });
  });

  it('ForgotPassword: as clientMetadata, to user migration and the custom message', async () => {
    const email = 'forgot-metadata@legacy.example';
    await cognito.send(new ForgotPasswordCommand({ ClientId: mobile.id, Username: email, ClientMetadata: metadata }));
    expect(requestOf('UserMigration_ForgotPassword')).toEqual({ validationData: {}, clientMetadata: metadata });
    expect(requestOf('CustomMessage_ForgotPassword')).toMatchObject({ clientMetadata: metadata });
  });

  it('refuses ClientMetadata that is not a map of strings, naming it', async () => {
    const answer = await apiRequest(
      server.baseUrl,
      'InitiateAuth',
      JSON.stringify({
        ClientId: mobile.id,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: {},
        ClientMetadata: { n: 1 },
      }),
    );
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      __type: 'InvalidParameterException',
      message: expect.stringContaining('ClientMetadata'),
    });
    expect(triggerEvents()).toEqual([]);
  });
});

describe('pre token generation (V2_0)', () => {
  const server = useTestServer({ pool: { ...signInPool(), triggers: { preTokenGeneration: moduleHandler } } });
  const cognito = useSdkClient(server);
  const role = 'arn:aws:iam::123456789012:role/auditor';
  beforeAll(async () => {
    await createUser(server, 'someone@tokens.example');
    await createUser(server, 'token-refused@example.com');
  });
  beforeEach(() => clearTriggerEvents());

  /** What the fixture's answer makes of both tokens. */
  const expectChanged = (idToken: string, accessToken: string) => {
    const id = decodeJwt(idToken).payload;
    expect(id).toMatchObject({
      tenant: 'acme',
      name: 'Renamed Person',
      'cognito:groups': ['auditors'],
      'cognito:roles': [role],
      'cognito:preferred_role': role,
      email: 'someone@tokens.example',
    });
    expect(id).not.toHaveProperty('email_verified');
    // `sub` cannot be suppressed.
    expect(id.sub).toEqual(expect.any(String));
    const access = decodeJwt(accessToken).payload;
    expect(access).toMatchObject({ tenant: 'acme', 'cognito:groups': ['auditors'] });
    const scopes = String(access.scope).split(' ');
    expect(scopes).toContain('reports/read');
    expect(scopes).not.toContain('openid');
  };

  it('changes the code flow tokens, with the HostedAuth event', async () => {
    const tokens = await signInForTokens(server.baseUrl, testClients.productA, 'someone@tokens.example', password);
    expectChanged(tokens.id_token, tokens.access_token);
    const { sub, username } = await server.services.users.get('someone@tokens.example');
    const [event] = triggerEvents();
    expect(event).toEqual({
      ...commonShape('TokenGeneration_HostedAuth', username, testClients.productA.id),
      version: '2',
      request: {
        userAttributes: {
          sub,
          email: 'someone@tokens.example',
          email_verified: 'true',
          'cognito:user_status': 'CONFIRMED',
        },
        groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
        scopes: expect.arrayContaining(['openid', 'email', 'profile']),
      },
      response: { claimsAndScopeOverrideDetails: null },
    });
    // One event for both tokens.
    expect(triggerEvents()).toHaveLength(1);

    clearTriggerEvents();
    const refreshed = (await (
      await refreshGrant(server.baseUrl, testClients.productA, tokens.refresh_token as string)
    ).json()) as { id_token: string; access_token: string };
    expectChanged(refreshed.id_token, refreshed.access_token);
    expect(triggerEvents().map((e) => e.triggerSource)).toEqual(['TokenGeneration_RefreshTokens']);
  });

  it('changes the sign-in API tokens, with the Authentication event', async () => {
    const answer = await cognito.send(passwordAuth(mobile.id, 'someone@tokens.example', password));
    const result = answer.AuthenticationResult;
    expectChanged(result?.IdToken as string, result?.AccessToken as string);
    expect(triggerEvents()).toMatchObject([
      { triggerSource: 'TokenGeneration_Authentication', version: '2', callerContext: { clientId: mobile.id } },
    ]);
  });

  it('refuses tokens with Cognito error when the handler throws', async () => {
    const request = authorizeRequest(server.baseUrl, testClients.productA);
    const callback = await signIn(new Browser(), request, 'token-refused@example.com', password);
    const exchange = await exchangeCode(
      server.baseUrl,
      testClients.productA,
      request,
      callback.searchParams.get('code') as string,
    );
    // A 400 in the token endpoint's Cognito shape (no description), never a server error.
    expect(exchange.status).toBe(400);
    expect(await exchange.json()).toEqual({ error: 'invalid_request' });

    await expect(cognito.send(passwordAuth(mobile.id, 'token-refused@example.com', password))).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'PreTokenGeneration failed with error No tokens today.',
    });
  });
});

describe('a slow trigger', () => {
  const server = useTestServer({ pool: poolWith(moduleHandler) });
  const cognito = useSdkClient(server);

  it('fails after Cognito timeout with UnexpectedLambdaException', { timeout: 20_000 }, async () => {
    await createUser(server, 'someone@slow.example');
    await expect(cognito.send(passwordAuth(mobile.id, 'someone@slow.example', password))).rejects.toMatchObject({
      name: 'UnexpectedLambdaException',
      message: 'PreAuthentication invocation failed due to error Socket timeout while invoking Lambda function.',
    });
  });
});

describe('the trigger invoker', () => {
  const event = (userName: string) =>
    makeEvent(
      { region: 'us-east-1', userPoolId: 'us-east-1_LocalPool' },
      { triggerSource: 'PreAuthentication_Authentication', userName, clientId: 'app' },
      { userAttributes: { email: userName } },
      {},
    );
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const invoker = new TriggerInvoker(log, '/', 300);
  beforeEach(() => {
    lines.length = 0;
  });

  it('logs every call with its trigger, duration and outcome, never the event', async () => {
    await invoker.invoke('PreAuthentication', moduleHandler, {
      ...event('ok@example.com'),
      request: { userAttributes: { email: 'ok@example.com' }, password: 'Secret-1!' },
    });
    await expect(invoker.invoke('PreAuthentication', moduleHandler, event('x@blocked.example'))).rejects.toThrow(
      'PreAuthentication failed with error This account is blocked.',
    );
    expect(lines).toMatchObject([
      { msg: 'trigger invoked', trigger: 'PreAuthentication', outcome: 'ok', durationMs: expect.any(Number) },
      { msg: 'trigger failed', trigger: 'PreAuthentication', outcome: 'error', err: 'This account is blocked' },
    ]);
    expect(JSON.stringify(lines)).not.toContain('Secret-1!');
  });

  it('answers a slow handler with UnexpectedLambdaException, module and HTTP alike', async () => {
    const http = await startHttpHandler();
    try {
      for (const handler of [moduleHandler, http.url]) {
        await expect(invoker.invoke('PreAuthentication', handler, event('x@slow.example'))).rejects.toMatchObject({
          type: 'UnexpectedLambdaException',
        });
      }
      expect(lines.map((l) => l.outcome)).toEqual(['timeout', 'timeout']);
    } finally {
      await http.close();
    }
  });

  it('answers a missing module or a refused connection with UnexpectedLambdaException', async () => {
    await expect(invoker.invoke('PreSignUp', '/nowhere/handler.mjs', event('a@example.com'))).rejects.toMatchObject({
      type: 'UnexpectedLambdaException',
    });
    await expect(
      invoker.invoke('PreSignUp', 'http://127.0.0.1:9/trigger', event('a@example.com')),
    ).rejects.toMatchObject({ type: 'UnexpectedLambdaException' });
  });
});
