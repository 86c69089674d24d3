import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import { isDatabaseUnavailable } from '@sso/service';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { User } from '../generated/prisma/client.ts';
import { hostedUiQuery } from '../oidc/hosted-ui-query.ts';
import { CognitoError } from '../pool/errors.ts';
import { secondFactorDue } from '../pool/mfa-settings.ts';
import { checkPasswordPolicy } from '../pool/passwords.ts';
import { totpUri } from '../pool/totp.ts';
import type { UserExistenceErrors } from '../pool/users.ts';
import type { Services } from '../services.ts';
import { csrfToken, validCsrf } from './csrf.ts';
import {
  confirmForgotPasswordPage,
  confirmUserPage,
  errorPage,
  forgotPasswordPage,
  loginPage,
  messagePage,
  newPasswordPage,
  passwordPolicyHint,
  signupPage,
  totpPage,
  totpSetupPage,
} from './pages.ts';
import { qrCodeSvg } from './qr-code.ts';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/**
 * Cognito's hosted pages: /login, /signup, /confirmUser, /forgotPassword, /confirmForgotPassword
 * (and /changePassword for a temporary password, /mfa for a TOTP code, /mfaSetup to set TOTP up). Each carries the authorize query along, and a
 * finished sign-in goes back into oidc-provider's interaction, which sends the browser to the app.
 */
export function hostedUiRoutes(services: Services, provider: Provider): Router {
  const { config, users, selfService, challengeSessions, softwareTokens, log } = services;
  const router = new Router();
  const form = bodyParser({ enableTypes: ['form'], formLimit: '16kb' });
  const policy = passwordPolicyHint(config.pool.passwordPolicy);

  const interactionOf = async (ctx: Context): Promise<Interaction | undefined> => {
    try {
      return await provider.interactionDetails(ctx.req, ctx.res);
    } catch (error) {
      // No interaction is a sign-in to restart; an unreachable database is a 503 (failure-boundary.ts).
      if (isDatabaseUnavailable(error)) throw error;
      return undefined;
    }
  };
  /** The query to carry: the live interaction's, else what this page was opened with. */
  const queryOf = (ctx: Context, interaction?: Interaction) =>
    (interaction ? hostedUiQuery(interaction.params) : hostedUiQuery(ctx.query)).toString();
  /**
   * The PreventUserExistenceErrors of the app client the page works for (the interaction's, else
   * the one its URL names); ENABLED when it names none, so that a bare page tells nobody anything.
   */
  const existenceErrorsOf = async (ctx: Context, interaction?: Interaction): Promise<UserExistenceErrors> => {
    const clientId = interaction ? interaction.params.client_id : ctx.query.client_id;
    const client = typeof clientId === 'string' ? await services.clients.find(clientId) : undefined;
    return client?.settings.preventUserExistenceErrors ?? 'ENABLED';
  };
  const field = (ctx: Context, name: string) => {
    const value = (ctx.request.body as Record<string, unknown> | undefined)?.[name];
    return typeof value === 'string' ? value : '';
  };

  /**
   * Without a live interaction (never started, expired, its cookie dropped), a page opened with the
   * app's parameters starts one at /oauth2/authorize with every one of them: the new sign-in is bound
   * to the same PKCE challenge, nonce and state as the app's request, or it fails there.
   */
  const restartOrFail = (ctx: Context) => {
    const query = hostedUiQuery(ctx.query);
    if (query.has('client_id') && query.has('redirect_uri')) {
      if (!query.has('response_type')) query.set('response_type', 'code');
      ctx.redirect(`/oauth2/authorize?${query}`);
      // A form post is answered with a GET of the sign-in's start.
      if (ctx.method === 'POST') ctx.status = 303;
      return;
    }
    ctx.status = 400;
    ctx.body = errorPage(
      'Sign-in must start from an application.',
      'This page was opened without the application that asked for the sign-in. Go back to the application and choose sign in again.',
      [],
    );
  };

  /**
   * After the password (and a new one, if it was temporary), what Cognito's hosted UI asks next: the
   * TOTP code of a user who has it, the TOTP set-up in a pool that requires MFA, or nothing. Each step
   * is a challenge session of the API's kind, bound to this sign-in's interaction.
   */
  const afterPassword = async (ctx: Context, interaction: Interaction, user: User, login: string) => {
    const factor = secondFactorDue(config.pool.mfa, user);
    if (!factor) return finishSignIn(ctx, user.sub);
    const query = queryOf(ctx, interaction);
    const challenge = await challengeSessions.start({
      clientId: String(interaction.params.client_id),
      userSub: user.sub,
      login,
      challenge: factor,
      // A set-up starts with its secret associated: the page shows it.
      state: { interaction: interaction.uid, ...(factor === 'MFA_SETUP' ? { step: 'verify' } : {}) },
    });
    if (factor === 'SOFTWARE_TOKEN_MFA') {
      ctx.body = totpPage({ query, csrf: csrfToken(ctx), challenge });
      return;
    }
    const secret = await softwareTokens.associate(user);
    ctx.body = await setupPage(ctx, { query, challenge, secret, account: user.email ?? user.username });
  };

  const setupPage = async (
    ctx: Context,
    page: { query: string; challenge: string; secret: string; account: string; error?: string },
  ) => {
    const qrCode = await qrCodeSvg(totpUri(page.secret, config.server.userPoolId, page.account));
    return totpSetupPage({ ...page, csrf: csrfToken(ctx), qrCode });
  };

  /**
   * One try at a hosted MFA step: the challenge session (counted as a try) and its user, if the
   * session is live, of this step, and of this interaction; otherwise the sign-in starts again.
   */
  const mfaStep = async (interaction: Interaction, token: string, challenge: 'SOFTWARE_TOKEN_MFA' | 'MFA_SETUP') => {
    const session = await challengeSessions.attempt(token, {
      clientId: String(interaction.params.client_id),
      challenge,
    });
    if (typeof session === 'string' || !session.userSub) return undefined;
    // Another browser's challenge (or the API's): spent, so the sign-in it belongs to starts over too.
    if (session.state.interaction !== interaction.uid) {
      await challengeSessions.finish(token);
      return undefined;
    }
    const user = await users.bySub(session.userSub);
    return user?.enabled ? user : undefined;
  };

  const finishSignIn = async (ctx: Context, sub: string) => {
    const target = await provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId: sub, amr: ['pwd'] } },
      { mergeWithLastSubmission: false },
    );
    log.info({ sub }, 'hosted sign-in');
    // The interaction is finished: its cookie must not outlive it (oidc-provider leaves it for its lifetime).
    const cookie = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.secure, signed: false };
    for (const name of interactionCookies) ctx.cookies.set(name, null, cookie);
    ctx.redirect(target);
  };

  /** A form posted with a bad or missing CSRF token is shown again, with what was typed (not passwords). */
  const csrfFailed = (ctx: Context, render: (error: string) => string) => {
    if (validCsrf(ctx)) return false;
    ctx.status = 403;
    ctx.body = render('This page has expired. Please try again.');
    return true;
  };

  const showError = (ctx: Context, error: unknown, render: (message: string) => string) => {
    if (!(error instanceof CognitoError)) throw error;
    ctx.status = 400;
    ctx.body = render(error.message);
  };

  router.get('/login', async (ctx) => {
    const interaction = await interactionOf(ctx);
    if (!interaction) return restartOrFail(ctx);
    ctx.body = loginPage({ query: queryOf(ctx, interaction), csrf: csrfToken(ctx), notice: noticeOf(ctx) });
  });

  router.post('/login', form, async (ctx) => {
    const interaction = await interactionOf(ctx);
    const query = queryOf(ctx, interaction);
    const username = field(ctx, 'username');
    const render = (error: string) => loginPage({ query, csrf: csrfToken(ctx), error, username });
    if (csrfFailed(ctx, render)) return;
    if (!interaction) return restartOrFail(ctx);
    const existenceErrors = await existenceErrorsOf(ctx, interaction);
    try {
      const { user, newPasswordRequired } = await users.signIn(
        username,
        field(ctx, 'password'),
        existenceErrors,
        clientIdOf(interaction),
      );
      if (newPasswordRequired) {
        // The same challenge as the API's: single-use, 3 minutes, so the password does not travel twice.
        const challenge = await challengeSessions.start({
          clientId: String(interaction.params.client_id),
          userSub: user.sub,
          login: username,
          challenge: 'NEW_PASSWORD_REQUIRED',
          state: {},
        });
        ctx.body = newPasswordPage({ query, csrf: csrfToken(ctx), challenge });
        return;
      }
      await afterPassword(ctx, interaction, user, username);
    } catch (error) {
      if (error instanceof CognitoError && error.type === 'UserNotConfirmedException') {
        await selfService.resendConfirmationCode(username, existenceErrors, clientIdOf(interaction));
        ctx.redirect(`/confirmUser?${withUsername(query, username)}`);
        return;
      }
      if (error instanceof CognitoError && error.type === 'PasswordResetRequiredException') {
        await selfService.forgotPassword(username, existenceErrors, clientIdOf(interaction));
        ctx.redirect(`/confirmForgotPassword?${withUsername(query, username)}`);
        return;
      }
      showError(ctx, error, render);
    }
  });

  router.post('/changePassword', form, async (ctx) => {
    const interaction = await interactionOf(ctx);
    const query = queryOf(ctx, interaction);
    const token = field(ctx, 'challenge');
    const render = (error: string) => newPasswordPage({ query, csrf: csrfToken(ctx), challenge: token, error });
    if (csrfFailed(ctx, render)) return;
    if (!interaction) return restartOrFail(ctx);
    const newPassword = field(ctx, 'newPassword');
    try {
      // A password the policy refuses is asked for again: the challenge is used only by a valid one.
      checkPasswordPolicy(newPassword, config.pool.passwordPolicy);
      const session = await challengeSessions.redeem(token, {
        clientId: String(interaction.params.client_id),
        challenge: 'NEW_PASSWORD_REQUIRED',
      });
      if (typeof session === 'string' || !session.userSub) return restartOrFail(ctx);
      const user = await users.completeNewPassword(session.userSub, newPassword, {}, session.clientId);
      await afterPassword(ctx, interaction, user, session.login);
    } catch (error) {
      showError(ctx, error, render);
    }
  });

  router.post('/mfa', form, async (ctx) => {
    const interaction = await interactionOf(ctx);
    const query = queryOf(ctx, interaction);
    const token = field(ctx, 'challenge');
    const render = (error: string) => totpPage({ query, csrf: csrfToken(ctx), challenge: token, error });
    if (csrfFailed(ctx, render)) return;
    if (!interaction) return restartOrFail(ctx);
    const user = await mfaStep(interaction, token, 'SOFTWARE_TOKEN_MFA');
    if (!user) return restartOrFail(ctx);
    try {
      await softwareTokens.checkSignInCode(user, field(ctx, 'code'));
      if (!(await challengeSessions.finish(token))) return restartOrFail(ctx);
      await finishSignIn(ctx, user.sub);
    } catch (error) {
      showError(ctx, error, render);
    }
  });

  router.post('/mfaSetup', form, async (ctx) => {
    const interaction = await interactionOf(ctx);
    if (!interaction) return restartOrFail(ctx);
    const query = queryOf(ctx, interaction);
    const token = field(ctx, 'challenge');
    // The page is shown again with its secret after a mistake, so the session is looked up first.
    const user = await mfaStep(interaction, token, 'MFA_SETUP');
    if (!user) return restartOrFail(ctx);
    const again = async (status: number, error: string) => {
      // Nothing left to verify (another tab set TOTP up meanwhile): this sign-in starts over.
      if (!user.totpPendingSecret) {
        await challengeSessions.finish(token);
        return restartOrFail(ctx);
      }
      const secret = await softwareTokens.pendingSecret(user);
      ctx.status = status;
      ctx.body = await setupPage(ctx, { query, challenge: token, secret, account: user.email ?? user.username, error });
    };
    if (!validCsrf(ctx)) return again(403, 'This page has expired. Please try again.');
    try {
      await softwareTokens.verify(user, field(ctx, 'code'), { activate: true });
      if (!(await challengeSessions.finish(token))) return restartOrFail(ctx);
      await finishSignIn(ctx, user.sub);
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      await again(400, error.message);
    }
  });

  router.get('/signup', async (ctx) => {
    const interaction = await interactionOf(ctx);
    ctx.body = signupPage({ query: queryOf(ctx, interaction), csrf: csrfToken(ctx), policy });
  });

  router.post('/signup', form, async (ctx) => {
    const interaction = await interactionOf(ctx);
    const query = queryOf(ctx, interaction);
    const username = field(ctx, 'username');
    const name = field(ctx, 'name').trim();
    const render = (error: string) => signupPage({ query, csrf: csrfToken(ctx), error, username, name, policy });
    if (csrfFailed(ctx, render)) return;
    try {
      const user = await selfService.signUp(
        username,
        field(ctx, 'password'),
        name ? { name } : {},
        clientIdOf(interaction),
      );
      // Confirmed by the pre sign-up trigger: signed in at once, as after a confirmation.
      if (user.status === 'CONFIRMED' && interaction) return await finishSignIn(ctx, user.sub);
      ctx.redirect(`/confirmUser?${withUsername(query, username)}`);
    } catch (error) {
      showError(ctx, error, render);
    }
  });

  router.get('/confirmUser', async (ctx) => {
    const query = queryOf(ctx, await interactionOf(ctx));
    const username = typeof ctx.query.username === 'string' ? ctx.query.username : '';
    ctx.body = confirmUserPage({ query, csrf: csrfToken(ctx), username, notice: noticeOf(ctx) });
  });

  router.post('/confirmUser', form, async (ctx) => {
    const interaction = await interactionOf(ctx);
    const query = queryOf(ctx, interaction);
    const username = field(ctx, 'username');
    const render = (error: string) => confirmUserPage({ query, csrf: csrfToken(ctx), username, error });
    if (csrfFailed(ctx, render)) return;
    try {
      const user = await selfService.confirmSignUp(
        username,
        field(ctx, 'code'),
        await existenceErrorsOf(ctx, interaction),
        clientIdOf(interaction),
      );
      // Cognito signs the person in once they confirm, and sends them on to the app.
      if (interaction) return await finishSignIn(ctx, user.sub);
      ctx.body = messagePage('Account confirmed', 'Your account is confirmed. You can now sign in.', {
        href: query ? `/login?${query}` : '/login',
        text: 'Sign in',
      });
    } catch (error) {
      showError(ctx, error, render);
    }
  });

  router.post('/resendCode', form, async (ctx) => {
    const interaction = await interactionOf(ctx);
    const query = queryOf(ctx, interaction);
    const username = field(ctx, 'username');
    const render = (error: string) => confirmUserPage({ query, csrf: csrfToken(ctx), username, error });
    if (csrfFailed(ctx, render)) return;
    try {
      await selfService.resendConfirmationCode(
        username,
        await existenceErrorsOf(ctx, interaction),
        clientIdOf(interaction),
      );
      ctx.redirect(`/confirmUser?${withUsername(query, username)}&notice=code-sent`);
    } catch (error) {
      showError(ctx, error, render);
    }
  });

  router.get('/forgotPassword', async (ctx) => {
    const query = queryOf(ctx, await interactionOf(ctx));
    ctx.body = forgotPasswordPage({ query, csrf: csrfToken(ctx) });
  });

  router.post('/forgotPassword', form, async (ctx) => {
    const interaction = await interactionOf(ctx);
    const query = queryOf(ctx, interaction);
    const username = field(ctx, 'username');
    const render = (error: string) => forgotPasswordPage({ query, csrf: csrfToken(ctx), error, username });
    if (csrfFailed(ctx, render)) return;
    try {
      await selfService.forgotPassword(username, await existenceErrorsOf(ctx, interaction), clientIdOf(interaction));
      ctx.redirect(`/confirmForgotPassword?${withUsername(query, username)}`);
    } catch (error) {
      showError(ctx, error, render);
    }
  });

  router.get('/confirmForgotPassword', async (ctx) => {
    const query = queryOf(ctx, await interactionOf(ctx));
    const username = typeof ctx.query.username === 'string' ? ctx.query.username : '';
    ctx.body = confirmForgotPasswordPage({ query, csrf: csrfToken(ctx), username, policy });
  });

  router.post('/confirmForgotPassword', form, async (ctx) => {
    const interaction = await interactionOf(ctx);
    const query = queryOf(ctx, interaction);
    const username = field(ctx, 'username');
    const render = (error: string) =>
      confirmForgotPasswordPage({ query, csrf: csrfToken(ctx), username, error, policy });
    if (csrfFailed(ctx, render)) return;
    try {
      await selfService.confirmForgotPassword(
        username,
        field(ctx, 'code'),
        field(ctx, 'password'),
        await existenceErrorsOf(ctx, interaction),
        clientIdOf(interaction),
      );
      ctx.redirect(`/login?${query ? `${query}&` : ''}notice=password-reset`);
    } catch (error) {
      showError(ctx, error, render);
    }
  });

  return router;
}

/** The app client a hosted page works for (its sign-in's), for the triggers' `callerContext`. */
function clientIdOf(interaction: { params: Record<string, unknown> } | undefined): string | undefined {
  return interaction ? String(interaction.params.client_id) : undefined;
}

/** oidc-provider's interaction cookies (names in oidc/provider.ts), with koa's signature cookies. */
const interactionCookies = ['cognito-interaction', 'cognito-interaction.sig'];

const notices: Record<string, string> = {
  'password-reset': 'Your password has been reset. Sign in with your new password.',
  'code-sent': 'We have sent a new code.',
  'signed-out': 'You have been signed out.',
};

function noticeOf(ctx: Context): string | undefined {
  return typeof ctx.query.notice === 'string' ? notices[ctx.query.notice] : undefined;
}

function withUsername(query: string, username: string): string {
  const params = new URLSearchParams(query);
  params.set('username', username);
  return params.toString();
}
