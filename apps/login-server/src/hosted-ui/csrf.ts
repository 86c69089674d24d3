import Tokens from 'csrf';
import type { Context } from 'koa';

const tokens = new Tokens();
/** Cognito's hosted UI keeps its CSRF secret in a cookie of this name and posts `_csrf`. */
const cookieName = 'XSRF-TOKEN';

/** A token for the form on this page; makes the secret cookie on first visit. */
export function csrfToken(ctx: Context): string {
  let secret = ctx.cookies.get(cookieName);
  if (!secret) {
    secret = tokens.secretSync();
    ctx.cookies.set(cookieName, secret, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: ctx.secure,
      overwrite: true,
    });
  }
  return tokens.create(secret);
}

export function validCsrf(ctx: Context): boolean {
  const secret = ctx.cookies.get(cookieName);
  const token = (ctx.request.body as Record<string, unknown> | undefined)?._csrf;
  return Boolean(secret) && typeof token === 'string' && tokens.verify(secret as string, token);
}
