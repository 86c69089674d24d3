import { AsyncLocalStorage } from 'node:async_hooks';
import {
  AdminCreateUserCommand,
  AdminUserGlobalSignOutCommand,
  type CognitoIdentityProviderClient,
  GetTokensFromRefreshTokenCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Browser } from '@sso/testing';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlowScope } from '../src/inspector/flow-context.ts';
import { FlowLog, keptFirstSteps, stepLimit } from '../src/inspector/flow-log.ts';
import { sdkClient } from './support/cognito-api.ts';
import { authorizeRequest, basicAuth, exchangeCode, form, refreshGrant, signIn, type Tokens } from './support/flows.ts';
import { mailedCode } from './support/mailbox.ts';
import {
  createUser,
  password,
  startTestServer,
  type TestServer,
  temporaryPassword,
  testClients,
  testPool,
  useTestServer,
} from './support/server.ts';
import { apiClients, passwordAuth, signInPool, watchCognitoCalls } from './support/sign-in.ts';
import { clearTriggerEvents, moduleHandler, startHttpHandler, triggerEvents } from './support/trigger-handlers.ts';

const client = testClients.productA;

describe('flow inspector, on', () => {
  const server = useTestServer({ pool: { ...testPool(), server: { inspector: true } } });

  it('shows a sign-in, its refresh, its revocation and the sign-out as one flow, claims explained, secrets masked', async () => {
    const browser = new Browser();
    const request = authorizeRequest(server.baseUrl, client);
    const callback = await signIn(browser, request, 'alice@example.com', password);
    const code = callback.searchParams.get('code')!;
    const tokens = (await (await exchangeCode(server.baseUrl, client, request, code)).json()) as Tokens;
    const refreshed = await refreshGrant(server.baseUrl, client, tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    const revoked = await fetch(`${server.baseUrl}/oauth2/revoke`, {
      method: 'POST',
      headers: { ...form, authorization: basicAuth(client.id, client.secret) },
      body: new URLSearchParams({ token: tokens.refresh_token }),
    });
    expect(revoked.status).toBe(200);
    const logoutUri = 'http://localhost:8000/';
    const signedOut = await browser.visit(
      `${server.baseUrl}/logout?${new URLSearchParams({ client_id: client.id, logout_uri: logoutUri })}`,
      logoutUri,
    );
    expect(String(signedOut)).toBe(logoutUri);

    const answer = await fetch(`${server.baseUrl}/inspector`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await answer.text();

    // One flow, its steps in order.
    expect(page.match(/<section>/g)).toHaveLength(1);
    const titles = [...page.matchAll(/<h3>\d+\. ([^<]+)<\/h3>/g)].map((m) => m[1]);
    expect(titles).toEqual([
      'Hosted page shown',
      'Authorize request',
      'Redirect with the code',
      'Token request',
      'Refresh',
      'Revocation',
      'Hosted sign-out (/logout)',
    ]);
    expect(page).toContain(`<td>${request.state}</td>`);
    expect(page).toContain('<td>client_secret_basic</td>');
    expect(page).toContain(`<td>${code.slice(0, 6)}… (${code.length} characters, masked)</td>`);
    // Claims decoded and explained.
    expect(page).toMatch(/<td>cognito:username<\/td><td>[^<]+<\/td><td>the user’s username in the pool<\/td>/);
    expect(page).toContain(
      '<td>token_use</td><td>access</td><td>&quot;id&quot; or &quot;access&quot;: what the token is for</td>',
    );
    expect(page).toContain('<td>origin_jti</td>');

    // Never a secret.
    for (const secret of [client.secret, password, code, tokens.refresh_token, tokens.access_token, tokens.id_token]) {
      expect(page).not.toContain(secret);
    }
  });

  it('keeps a long flow bounded: its first steps, a note of how many were let go, and its latest ones', async () => {
    const browser = new Browser();
    const request = authorizeRequest(server.baseUrl, client);
    const callback = await signIn(browser, request, 'alice@example.com', password);
    const tokens = (await (
      await exchangeCode(server.baseUrl, client, request, callback.searchParams.get('code')!)
    ).json()) as Tokens;
    const refreshes = stepLimit + 5;
    for (let i = 0; i < refreshes; i++) {
      expect((await refreshGrant(server.baseUrl, client, tokens.refresh_token)).status).toBe(200);
    }

    const page = await (await fetch(`${server.baseUrl}/inspector`)).text();
    const flow = page.slice(page.indexOf('<section>'), page.indexOf('</section>'));
    expect(flow).toContain(`<td>${request.state}</td>`); // the newest flow leads
    const numbers = [...flow.matchAll(/<h3>(\d+)\. [^<]+<\/h3>/g)].map((m) => Number(m[1]));
    const total = 4 + refreshes; // hosted page, authorize, redirect, token request, then the refreshes
    expect(numbers).toHaveLength(stepLimit);
    expect(numbers.slice(0, keptFirstSteps)).toEqual(Array.from({ length: keptFirstSteps }, (_, i) => i + 1));
    expect(numbers.at(-1)).toBe(total);
    expect(flow).toContain(`${total - stepLimit} steps not kept here`);
  });
});

/** One step of the page: its title and its HTML. */
interface ShownStep {
  title: string;
  html: string;
}

/** The page's flows, each as its heading and its steps. */
function flowsOf(page: string): { heading: string; steps: ShownStep[]; html: string }[] {
  return [...page.matchAll(/<section><h2>([^<]*)<\/h2>([\s\S]*?)<\/section>/g)].map((m) => ({
    heading: m[1]!,
    html: m[2]!,
    steps: [...m[2]!.matchAll(/<li value="\d+"><h3>\d+\. ([^<]+)<\/h3>([\s\S]*?)<\/li>/g)].map((s) => ({
      title: s[1]!,
      html: s[2]!,
    })),
  }));
}

/** The flow whose steps contain `marker`. */
function flowWith(page: string, marker: string) {
  const flow = flowsOf(page).find((f) => f.html.includes(marker));
  if (!flow) throw new Error(`no flow shows ${marker}`);
  return flow;
}

/** A step's labelled values. */
function detailsOf(step: ShownStep | undefined): Record<string, string> {
  if (!step) throw new Error('no such step');
  return Object.fromEntries(
    [...step.html.matchAll(/<tr><th scope="row">([^<]+)<\/th><td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]),
  );
}

const stepTitled = (flow: { steps: ShownStep[] }, title: string) => flow.steps.find((s) => s.title === title);

const legacyPassword = 'Legacy-Passw0rd!';
const { mobile } = apiClients;

describe('flow inspector: triggers, the sign-in API and sign-outs', () => {
  let server: TestServer;
  let cognito: CognitoIdentityProviderClient;
  let http: { url: string; close: () => Promise<void> };
  let handlerUrl: string;
  const inspector = async () => {
    const answer = await fetch(`${server.baseUrl}/inspector`);
    expect(answer.status).toBe(200);
    return answer.text();
  };

  beforeAll(async () => {
    http = await startHttpHandler();
    // A URL with a query that could carry a credential: the page does not show it.
    handlerUrl = `${http.url}?key=handler-key`;
    server = await startTestServer({
      pool: {
        ...signInPool(),
        server: { inspector: true },
        triggers: {
          userMigration: handlerUrl,
          preAuthentication: handlerUrl,
          postAuthentication: handlerUrl,
          preTokenGeneration: moduleHandler,
          preSignUp: moduleHandler,
          customMessage: moduleHandler,
        },
      },
    });
    cognito = sdkClient(server.baseUrl);
  });
  afterAll(async () => {
    cognito?.destroy();
    await server?.close();
    await http?.close();
  });
  beforeEach(() => clearTriggerEvents());

  it("shows a hosted sign-in's triggers in its flow: the user migration without its password, the token generation", async () => {
    const client = testClients.productA;
    const browser = new Browser();
    const request = authorizeRequest(server.baseUrl, client);
    const callback = await signIn(browser, request, 'someone@legacy.example', legacyPassword);
    const code = callback.searchParams.get('code')!;
    const tokens = (await (await exchangeCode(server.baseUrl, client, request, code)).json()) as Tokens;
    expect(tokens.id_token).toEqual(expect.any(String));
    // The handler was sent the password: the page must not show it.
    expect(triggerEvents()[0]).toMatchObject({ request: { password: legacyPassword } });

    const page = await inspector();
    const flow = flowWith(page, `<td>${request.state}</td>`);
    expect(flow.heading).toBe(`Flow of ${client.id}`);
    expect(flow.steps.map((s) => s.title)).toEqual([
      'Hosted page shown',
      'Trigger UserMigration_Authentication',
      'Trigger PreAuthentication_Authentication',
      'Trigger PostAuthentication_Authentication',
      'Authorize request',
      'Redirect with the code',
      'Token request',
      'Trigger TokenGeneration_HostedAuth',
    ]);
    const migration = detailsOf(stepTitled(flow, 'Trigger UserMigration_Authentication'));
    expect(migration).toMatchObject({
      trigger: 'UserMigration',
      handler: `URL ${new URL(http.url).origin}/trigger`,
      userName: 'someone@legacy.example',
      'callerContext.clientId': client.id,
      outcome: 'ok',
      'request password': 'sent to the handler, never recorded',
      'response finalUserStatus': '&quot;CONFIRMED&quot;',
      'response messageAction': '&quot;SUPPRESS&quot;',
    });
    expect(migration.duration).toMatch(/^\d+ ms$/);
    expect(migration['response userAttributes']).toContain('name = &quot;Legacy Person&quot;');
    const generation = detailsOf(stepTitled(flow, 'Trigger TokenGeneration_HostedAuth'));
    expect(generation).toMatchObject({
      trigger: 'PreTokenGeneration',
      handler: `module ${moduleHandler}`,
      outcome: 'ok',
      response: 'no changes: the tokens are issued as they are',
    });
    for (const secret of [
      legacyPassword,
      'hook-password',
      'handler-key',
      code,
      tokens.refresh_token,
      tokens.id_token,
    ]) {
      expect(page).not.toContain(secret);
    }
  });

  it('shows an API sign-in, its refresh and its revocation as one flow, with the claims its trigger changed', async () => {
    const email = 'api-person@tokens.example';
    await createUser(server, email);
    const signedIn = await cognito.send(passwordAuth(mobile.id, email, password));
    const result = signedIn.AuthenticationResult!;
    const refreshed = await cognito.send(
      new InitiateAuthCommand({
        ClientId: mobile.id,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: result.RefreshToken! },
      }),
    );
    const again = await cognito.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: mobile.id, RefreshToken: result.RefreshToken! }),
    );
    await cognito.send(new RevokeTokenCommand({ ClientId: mobile.id, Token: result.RefreshToken! }));

    const page = await inspector();
    const flow = flowWith(page, '<h3>1. InitiateAuth (USER_PASSWORD_AUTH)</h3>');
    expect(flow.heading).toBe(`Flow of ${mobile.id}`);
    expect(flow.steps.map((s) => s.title)).toEqual([
      'InitiateAuth (USER_PASSWORD_AUTH)',
      'Trigger PreAuthentication_Authentication',
      'Trigger PostAuthentication_Authentication',
      'Trigger TokenGeneration_Authentication',
      'InitiateAuth (REFRESH_TOKEN_AUTH)',
      'Trigger TokenGeneration_RefreshTokens',
      'GetTokensFromRefreshToken',
      'Trigger TokenGeneration_RefreshTokens',
      'RevokeToken',
    ]);
    const initiate = stepTitled(flow, 'InitiateAuth (USER_PASSWORD_AUTH)')!;
    expect(detailsOf(initiate)).toMatchObject({
      ClientId: mobile.id,
      USERNAME: email,
      PASSWORD: 'sent, never recorded',
      answer: 'tokens (AuthenticationResult)',
      RefreshToken: `${result.RefreshToken!.slice(0, 6)}… (${result.RefreshToken!.length} characters, masked)`,
    });
    // The tokens decoded, with what the trigger added.
    expect(initiate.html).toContain('<td>tenant</td><td>acme</td>');
    expect(initiate.html).toContain('<td>token_use</td><td>access</td>');
    expect(detailsOf(stepTitled(flow, 'Trigger TokenGeneration_Authentication'))).toMatchObject({
      trigger: 'PreTokenGeneration',
      outcome: 'ok',
      'ID token: claims added or overridden': 'tenant = &quot;acme&quot;, name = &quot;Renamed Person&quot;',
      'ID token: claims suppressed': 'email_verified, sub',
      'access token: claims added or overridden': 'tenant = &quot;acme&quot;',
      'access token: scopes added': 'reports/read',
      'access token: scopes suppressed': 'openid',
      'groups overridden with': 'auditors',
    });
    expect(detailsOf(stepTitled(flow, 'InitiateAuth (REFRESH_TOKEN_AUTH)'))).toMatchObject({
      REFRESH_TOKEN: `${result.RefreshToken!.slice(0, 6)}… (${result.RefreshToken!.length} characters, masked)`,
      RefreshToken: 'none (a refresh issues none)',
    });
    expect(detailsOf(stepTitled(flow, 'RevokeToken'))).toMatchObject({ ClientId: mobile.id });
    const secrets = [password, result.RefreshToken!, result.AccessToken!, result.IdToken!];
    const later = [refreshed.AuthenticationResult!.AccessToken!, again.AuthenticationResult!.IdToken!];
    for (const secret of [...secrets, ...later]) {
      expect(page).not.toContain(secret);
    }
  });

  it("shows a refused sign-in with the trigger's error as Cognito words it", async () => {
    const email = 'someone@blocked.example';
    await createUser(server, email);
    await expect(cognito.send(passwordAuth(mobile.id, email, password))).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
    });

    const flow = flowWith(await inspector(), `<td>${email}</td>`);
    expect(flow.steps.map((s) => s.title)).toEqual([
      'InitiateAuth (USER_PASSWORD_AUTH)',
      'Trigger PreAuthentication_Authentication',
    ]);
    const error = 'UserLambdaValidationException: PreAuthentication failed with error This account is blocked.';
    expect(detailsOf(flow.steps[0])).toMatchObject({ answer: error });
    expect(detailsOf(flow.steps[1])).toMatchObject({ outcome: `error: ${error}` });
  });

  it("shows a trigger's timeout", { timeout: 20_000 }, async () => {
    const email = 'someone@slow.example';
    await createUser(server, email);
    await expect(cognito.send(passwordAuth(mobile.id, email, password))).rejects.toMatchObject({
      name: 'UnexpectedLambdaException',
    });
    const flow = flowWith(await inspector(), `<td>${email}</td>`);
    expect(detailsOf(stepTitled(flow, 'Trigger PreAuthentication_Authentication'))).toMatchObject({
      outcome:
        'timeout: UnexpectedLambdaException: PreAuthentication invocation failed due to error Socket timeout while invoking Lambda function.',
    });
  });

  it('shows an SRP sign-in, its challenge answered, with every SRP value masked', async () => {
    const pool = new CognitoUserPool({
      UserPoolId: server.config.server.userPoolId,
      ClientId: mobile.id,
      endpoint: `${server.baseUrl}/`,
    });
    const email = 'srp-person@example.com';
    await createUser(server, email);
    const watch = watchCognitoCalls();
    let session: CognitoUserSession;
    try {
      session = await new Promise<CognitoUserSession>((resolve, reject) =>
        new CognitoUser({ Username: email, Pool: pool }).authenticateUser(
          new AuthenticationDetails({ Username: email, Password: password }),
          { onSuccess: resolve, onFailure: reject },
        ),
      );
    } finally {
      watch.restore();
    }
    const [initiate, respond] = watch.calls;
    const srpA = (initiate!.body.AuthParameters as Record<string, string>).SRP_A!;
    const responses = respond!.body.ChallengeResponses as Record<string, string>;

    const page = await inspector();
    const flow = flowWith(page, '<h3>1. InitiateAuth (USER_SRP_AUTH)</h3>');
    expect(flow.steps.map((s) => s.title)).toEqual([
      'InitiateAuth (USER_SRP_AUTH)',
      'RespondToAuthChallenge (PASSWORD_VERIFIER)',
      'Trigger PreAuthentication_Authentication',
      'Trigger PostAuthentication_Authentication',
      'Trigger TokenGeneration_Authentication',
    ]);
    const masked = (value: string) => `${value.slice(0, 6)}… (${value.length} characters, masked)`;
    expect(detailsOf(flow.steps[0])).toMatchObject({
      USERNAME: email,
      SRP_A: masked(srpA),
      answer: 'challenge PASSWORD_VERIFIER',
      'ChallengeParameters.SECRET_BLOCK': masked(responses.PASSWORD_CLAIM_SECRET_BLOCK!),
    });
    expect(detailsOf(flow.steps[1])).toMatchObject({
      PASSWORD_CLAIM_SIGNATURE: masked(responses.PASSWORD_CLAIM_SIGNATURE!),
      answer: 'tokens (AuthenticationResult)',
    });
    for (const secret of [
      password,
      srpA,
      responses.PASSWORD_CLAIM_SECRET_BLOCK!,
      responses.PASSWORD_CLAIM_SIGNATURE!,
      session.getRefreshToken().getToken(),
      session.getAccessToken().getJwtToken(),
      session.getIdToken().getJwtToken(),
    ]) {
      expect(page).not.toContain(secret);
    }
  });

  it("shows a sign-up's triggers, outside any sign-in, as a flow of its own, never the code it mails", async () => {
    const email = 'joining@example.com';
    await cognito.send(
      new SignUpCommand({
        ClientId: mobile.id,
        Username: email,
        Password: password,
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    const code = await mailedCode(server.baseUrl, email);

    const page = await inspector();
    const flow = flowsOf(page).find((f) => f.heading === 'Outside any sign-in: SignUp');
    expect(flow?.steps.map((s) => s.title)).toEqual(['Trigger PreSignUp_SignUp', 'Trigger CustomMessage_SignUp']);
    expect(detailsOf(flow?.steps[0])).toMatchObject({
      userName: email,
      'callerContext.clientId': mobile.id,
      outcome: 'ok',
      'response autoConfirmUser': 'false',
    });
    expect(detailsOf(flow?.steps[1])).toMatchObject({
      outcome: 'ok',
      'response emailSubject': 'Welcome to Acme',
      'response emailMessage': expect.stringMatching(/^\d+ characters$/),
    });
    expect(page).not.toContain(password);
    expect(page).not.toContain(code);
  });

  it("shows a new password's challenge in the sign-in's flow", async () => {
    const email = 'new-person@example.com';
    const newPassword = 'Brand-new-passw0rd!';
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: server.config.server.userPoolId,
        Username: email,
        TemporaryPassword: temporaryPassword,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    const challenge = await cognito.send(passwordAuth(mobile.id, email, temporaryPassword));
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const answered = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: mobile.id,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session!,
        ChallengeResponses: { USERNAME: email, NEW_PASSWORD: newPassword },
      }),
    );

    const page = await inspector();
    const flow = flowWith(page, `<td>${email}</td>`);
    expect(flow.steps.map((s) => s.title)).toEqual([
      'InitiateAuth (USER_PASSWORD_AUTH)',
      'Trigger PreAuthentication_Authentication',
      'RespondToAuthChallenge (NEW_PASSWORD_REQUIRED)',
      'Trigger PostAuthentication_Authentication',
      'Trigger TokenGeneration_Authentication',
    ]);
    expect(detailsOf(flow.steps[0])).toMatchObject({
      PASSWORD: 'sent, never recorded',
      answer: 'challenge NEW_PASSWORD_REQUIRED',
    });
    expect(detailsOf(stepTitled(flow, 'RespondToAuthChallenge (NEW_PASSWORD_REQUIRED)'))).toMatchObject({
      NEW_PASSWORD: 'sent, never recorded',
      answer: 'tokens (AuthenticationResult)',
    });
    const result = answered.AuthenticationResult!;
    for (const secret of [temporaryPassword, newPassword, challenge.Session!, result.RefreshToken!, result.IdToken!]) {
      expect(page).not.toContain(secret);
    }
  });

  it('shows GlobalSignOut in the flow of every sign-in it ends, and AdminUserGlobalSignOut likewise', async () => {
    const email = 'leaving@example.com';
    await createUser(server, email);
    const request = authorizeRequest(server.baseUrl, testClients.productA);
    const callback = await signIn(new Browser(), request, email, password);
    await exchangeCode(server.baseUrl, testClients.productA, request, callback.searchParams.get('code')!);
    const api = await cognito.send(passwordAuth(mobile.id, email, password));
    await cognito.send(new GlobalSignOutCommand({ AccessToken: api.AuthenticationResult!.AccessToken! }));

    let page = await inspector();
    const hosted = flowWith(page, `<td>${request.state}</td>`);
    const apiFlow = flowWith(page, `<td>${email}</td>`);
    expect(apiFlow).not.toBe(hosted);
    for (const flow of [hosted, apiFlow]) {
      expect(flow.steps.at(-1)?.title).toBe('GlobalSignOut (every sign-in of the user ends)');
      expect(detailsOf(flow.steps.at(-1))).toMatchObject({
        'sign-ins (grants) ended': '2',
        'refresh tokens revoked': '2',
        'hosted sessions ended': 'none: the hosted session (cookie) stays, as in Cognito',
      });
    }

    // An administrator's sign-out of a user with no sign-in left: an entry of its own.
    const user = await server.services.users.find(email);
    await cognito.send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: server.config.server.userPoolId, Username: email }),
    );
    page = await inspector();
    const own = flowsOf(page).find((f) => f.heading === `AdminUserGlobalSignOut of ${user!.username}`);
    expect(own?.steps.map((s) => s.title)).toEqual(['AdminUserGlobalSignOut (every sign-in of the user ends)']);
    expect(detailsOf(own?.steps[0])).toMatchObject({ 'sign-ins (grants) ended': '0', 'refresh tokens revoked': '0' });

    // And one of a live sign-in: in its flow.
    const again = await cognito.send(passwordAuth(mobile.id, email, password));
    await cognito.send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: server.config.server.userPoolId, Username: email }),
    );
    page = await inspector();
    const latest = flowsOf(page)[0]!;
    expect(latest.steps.map((s) => s.title).at(-1)).toBe('AdminUserGlobalSignOut (every sign-in of the user ends)');
    expect(latest.html).toContain(`<td>${email}</td>`);
    expect(detailsOf(latest.steps.at(-1))).toMatchObject({
      'sign-ins (grants) ended': '1',
      'refresh tokens revoked': '1',
    });
    expect(page).not.toContain(again.AuthenticationResult!.RefreshToken!);
  });
});

describe('flow inspector, off (the default)', () => {
  const server = useTestServer({
    pool: { ...signInPool(), triggers: { preAuthentication: moduleHandler, preTokenGeneration: moduleHandler } },
  });

  it('answers 404', async () => {
    expect((await fetch(`${server.baseUrl}/inspector`)).status).toBe(404);
  });

  it('records nothing and enters no flow scope, through triggers, API sign-ins and sign-outs', async () => {
    const scopes = vi.spyOn(AsyncLocalStorage.prototype, 'run');
    const recorded = vi.spyOn(FlowLog.prototype, 'record');
    const noted = vi.spyOn(FlowScope.prototype, 'note');
    const cognito = sdkClient(server.baseUrl);
    try {
      await signIn(new Browser(), authorizeRequest(server.baseUrl, client), 'alice@example.com', password);
      const signedIn = await cognito.send(passwordAuth(mobile.id, 'alice@example.com', password));
      await cognito.send(new GlobalSignOutCommand({ AccessToken: signedIn.AuthenticationResult!.AccessToken! }));
      expect(triggerEvents().length).toBeGreaterThan(0);
      expect(scopes.mock.calls.filter(([store]) => store instanceof FlowScope)).toEqual([]);
      expect(recorded).not.toHaveBeenCalled();
      expect(noted).not.toHaveBeenCalled();
      expect(server.services.flows).toBeUndefined();
    } finally {
      cognito.destroy();
      vi.restoreAllMocks();
    }
  });
});
