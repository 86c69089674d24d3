const maxLength = 2048;

/**
 * Where to go after signing in, reduced to a path on this app. Anything that could leave the app
 * (absolute URLs, `//host`, `/\host`, other schemes, control characters, any of these
 * percent-encoded in the path) falls back to `fallback`:
 * an open redirect would let a link on the login page send a signed-in person anywhere.
 */
export function safeReturnTo(value: unknown, appUrl: string, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return fallback;
  // It rides in a cookie across the sign-in: browsers drop a cookie over 4 KB without a word.
  if (value.length > maxLength) return fallback;
  if (leavesTheApp(value)) return fallback;
  let target: URL;
  let path: string;
  try {
    target = new URL(value, appUrl);
    // The same path once percent-decoded, as a proxy or a router on the way may read it.
    path = decodeURIComponent(target.pathname);
  } catch {
    return fallback;
  }
  if (target.origin !== new URL(appUrl).origin || path.startsWith('//') || leavesTheApp(path)) return fallback;
  // The auth routes themselves are never a destination (no loops back into login or logout).
  if (path.startsWith('/auth/')) return fallback;
  return `${target.pathname}${target.search}${target.hash}`;
}

/** Browsers treat `\` as `/` and drop tabs and newlines, so `/\evil.com` would leave the app. */
const leavesTheApp = (value: string) =>
  value.includes('\\') || [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
