/**
 * Where to go after signing in, reduced to a path on this app. Anything that could leave the app
 * (absolute URLs, `//host`, `/\host`, other schemes, control characters) falls back to `fallback`:
 * an open redirect would let a link on the login page send a signed-in person anywhere.
 */
export function safeReturnTo(value: unknown, appUrl: string, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return fallback;
  // Browsers treat `\` as `/` and drop tabs and newlines, so `/\evil.com` would leave the app.
  if (value.includes('\\') || [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    return fallback;
  }
  let target: URL;
  try {
    target = new URL(value, appUrl);
  } catch {
    return fallback;
  }
  if (target.origin !== new URL(appUrl).origin) return fallback;
  // The auth routes themselves are never a destination (no loops back into login or logout).
  if (target.pathname.startsWith('/auth/')) return fallback;
  return `${target.pathname}${target.search}${target.hash}`;
}
