import { html, type SafeHtml } from './html.ts';
import { alert, notice, page } from './layout.ts';

/** What every form page needs: where to post, the CSRF token, and the query Cognito carries along. */
interface FormContext {
  query: string;
  csrf: string;
  error?: string;
  notice?: string;
}

const q = (path: string, query: string) => (query ? `${path}?${query}` : path);
const csrfField = (token: string) => html`<input type="hidden" name="_csrf" value="${token}">`;

export function loginPage(form: FormContext & { username?: string }): string {
  return page({
    title: 'Sign in',
    body: html`<h1>Sign in with your email and password</h1>
${notice(form.notice)}${alert(form.error)}
<form method="post" action="${q('/login', form.query)}">
${csrfField(form.csrf)}
<label for="signInFormUsername">Email</label>
<input id="signInFormUsername" name="username" type="email" autocomplete="username" required value="${form.username ?? ''}">
<label for="signInFormPassword">Password</label>
<input id="signInFormPassword" name="password" type="password" autocomplete="current-password" required>
<button type="submit" name="signInSubmitButton" value="Sign in">Sign in</button>
</form>
<div class="links">
<p><a href="${q('/forgotPassword', form.query)}">Forgot your password?</a></p>
<p>Need an account? <a href="${q('/signup', form.query)}">Sign up</a></p>
</div>`,
  });
}

export function newPasswordPage(form: FormContext & { challenge: string }): string {
  return page({
    title: 'Change password',
    body: html`<h1>Change your password</h1>
<p>Please enter a new password for your account.</p>
${alert(form.error)}
<form method="post" action="${q('/changePassword', form.query)}">
${csrfField(form.csrf)}
<input type="hidden" name="challenge" value="${form.challenge}">
<label for="newPassword">New password</label>
<input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required>
<button type="submit">Send</button>
</form>`,
  });
}

/** A 6-digit code from an authenticator app, answering the sign-in's challenge. */
function totpCodeForm(form: FormContext & { challenge: string }, to: { action: string; id: string; button: string }) {
  return html`${alert(form.error)}
<form method="post" action="${q(to.action, form.query)}">
${csrfField(form.csrf)}
<input type="hidden" name="challenge" value="${form.challenge}">
<label for="${to.id}">Code</label>
<input id="${to.id}" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
<button type="submit">${to.button}</button>
</form>`;
}

/** The second factor: the code of the user's authenticator app. */
export function totpPage(form: FormContext & { challenge: string }): string {
  return page({
    title: 'Authentication code',
    body: html`<h1>Enter your authentication code</h1>
<p>Open the authenticator app you set up for this account and enter the 6-digit code it shows.</p>
${totpCodeForm(form, { action: '/mfa', id: 'totpCode', button: 'Sign in' })}`,
  });
}

/** Setting TOTP up at sign-in (a pool that requires MFA): the secret as a QR code and as text, then its first code. */
export function totpSetupPage(form: FormContext & { challenge: string; secret: string; qrCode: SafeHtml }): string {
  return page({
    title: 'Set up an authenticator app',
    body: html`<h1>Set up an authenticator app</h1>
<p>This account needs a code from an authenticator app at every sign-in. Scan the QR code with the app, or enter the key by hand, then enter the 6-digit code the app shows.</p>
<div class="qr">${form.qrCode}</div>
<p>Key: <code class="secret">${form.secret}</code></p>
${totpCodeForm(form, { action: '/mfaSetup', id: 'totpSetupCode', button: 'Verify and sign in' })}`,
  });
}

export function signupPage(form: FormContext & { username?: string; name?: string; policy: SafeHtml }): string {
  return page({
    title: 'Sign up',
    body: html`<h1>Sign up with a new account</h1>
${alert(form.error)}
<form method="post" action="${q('/signup', form.query)}">
${csrfField(form.csrf)}
<label for="signupEmail">Email</label>
<input id="signupEmail" name="username" type="email" autocomplete="email" required value="${form.username ?? ''}">
<label for="signupName">Name <span class="hint">(optional)</span></label>
<input id="signupName" name="name" type="text" autocomplete="name" value="${form.name ?? ''}">
<label for="signupPassword">Password</label>
<input id="signupPassword" name="password" type="password" autocomplete="new-password" required aria-describedby="passwordPolicy">
${form.policy}
<button type="submit" name="signUpButton" value="Sign up">Sign up</button>
</form>
<div class="links"><p>Already have an account? <a href="${q('/login', form.query)}">Sign in</a></p></div>`,
  });
}

export function confirmUserPage(form: FormContext & { username: string }): string {
  return page({
    title: 'Confirm account',
    body: html`<h1>Confirm your account</h1>
${notice(form.notice)}
<p>We have sent a code by email to ${form.username}. Enter it below to confirm your account.</p>
${alert(form.error)}
<form method="post" action="${q('/confirmUser', form.query)}">
${csrfField(form.csrf)}
<input type="hidden" name="username" value="${form.username}">
<label for="verificationCode">Verification code</label>
<input id="verificationCode" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required>
<button type="submit" name="confirm" value="Confirm account">Confirm account</button>
</form>
<form method="post" action="${q('/resendCode', form.query)}" class="links">
${csrfField(form.csrf)}
<input type="hidden" name="username" value="${form.username}">
<p>Didn't receive a code? <button type="submit" class="link">Send a new code</button></p>
</form>`,
  });
}

export function forgotPasswordPage(form: FormContext & { username?: string }): string {
  return page({
    title: 'Forgot password',
    body: html`<h1>Forgot your password?</h1>
<p>Enter your email below and we will send a message to reset your password.</p>
${alert(form.error)}
<form method="post" action="${q('/forgotPassword', form.query)}">
${csrfField(form.csrf)}
<label for="forgotEmail">Email</label>
<input id="forgotEmail" name="username" type="email" autocomplete="username" required value="${form.username ?? ''}">
<button type="submit" name="reset_my_password" value="Reset my password">Reset my password</button>
</form>
<div class="links"><p><a href="${q('/login', form.query)}">Back to sign in</a></p></div>`,
  });
}

export function confirmForgotPasswordPage(form: FormContext & { username: string; policy: SafeHtml }): string {
  return page({
    title: 'Reset password',
    body: html`<h1>Reset your password</h1>
<p>We have sent a password reset code by email to ${form.username}. Enter it below to reset your password.</p>
${alert(form.error)}
<form method="post" action="${q('/confirmForgotPassword', form.query)}">
${csrfField(form.csrf)}
<input type="hidden" name="username" value="${form.username}">
<label for="resetCode">Code</label>
<input id="resetCode" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required>
<label for="resetPassword">New password</label>
<input id="resetPassword" name="password" type="password" autocomplete="new-password" required aria-describedby="passwordPolicy">
${form.policy}
<button type="submit">Change password</button>
</form>`,
  });
}

export function messagePage(title: string, message: string, link?: { href: string; text: string }): string {
  return page({
    title,
    body: html`<h1>${title}</h1><p>${message}</p>${link ? html`<p><a href="${link.href}">${link.text}</a></p>` : ''}`,
  });
}

export function errorPage(title: string, explanation: string, details: [string, string][]): string {
  return page({
    title: 'Error',
    body: html`<h1>An error was encountered with the requested page.</h1>
<p class="error" role="alert">${title}</p>
<p>${explanation}</p>
${details.length ? html`<dl>${details.map(([k, v]) => html`<dt><strong>${k}</strong></dt><dd><code>${v}</code></dd>`)}</dl>` : ''}`,
  });
}

export function passwordPolicyHint(policy: {
  minimumLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
}): SafeHtml {
  const rules = [
    `at least ${policy.minimumLength} characters`,
    policy.requireLowercase && 'a lower-case letter',
    policy.requireUppercase && 'an upper-case letter',
    policy.requireNumbers && 'a number',
    policy.requireSymbols && 'a symbol',
  ].filter(Boolean);
  return html`<p class="hint" id="passwordPolicy">Use ${rules.join(', ')}.</p>`;
}
