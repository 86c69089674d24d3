/**
 * Schemes a browser never hands an authorization response to: it does not follow a redirect to
 * them (javascript:, data:, file:, blob:, ...), they are not navigable (ws:, wss:) or they go to
 * another kind of program (mailto:, tel:). A callback or logout URL with one of them can never work.
 */
const refusedSchemes = new Set([
  'about',
  'blob',
  'data',
  'file',
  'filesystem',
  'ftp',
  'javascript',
  'mailto',
  'sms',
  'tel',
  'vbscript',
  'view-source',
  'ws',
  'wss',
]);

/** Cognito's pattern for each URL (letters, marks, symbols, numbers, punctuation) and its length limit. */
const cognitoUrlPattern = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,1024}$/u;

/**
 * Cognito's rules for callback and logout URLs: absolute, no fragment, HTTPS unless the host is
 * localhost, no spaces or control characters, at most 1024 characters. An app's own scheme
 * (myapp://callback, com.example.app:/callback) is allowed, as Cognito allows it. Returns the
 * problem, or undefined.
 */
export function checkCallbackUrl(value: string): string | undefined {
  if (!cognitoUrlPattern.test(value)) {
    return value.length > 1024 ? 'must be at most 1024 characters' : 'must not contain spaces or control characters';
  }
  const url = URL.parse(value);
  if (!url) return 'must be an absolute URL';
  const scheme = url.protocol.slice(0, -1);
  if (refusedSchemes.has(scheme)) return `must not use the ${scheme}: scheme (use https, or an app's own scheme)`;
  if (url.hash || value.includes('#')) return 'must not contain a fragment';
  if (scheme === 'http' && !isLoopbackHost(url.hostname)) {
    return 'must use https (plain http is allowed only for localhost)';
  }
  if ((scheme === 'http' || scheme === 'https') && !url.hostname) return 'must name a host';
  return undefined;
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}
