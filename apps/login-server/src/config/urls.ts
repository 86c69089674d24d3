/**
 * Cognito's rules for callback and logout URLs: absolute, no fragment, HTTPS unless the host is
 * localhost (custom schemes such as myapp:// are allowed). Returns the problem, or undefined.
 */
export function checkCallbackUrl(value: string): string | undefined {
  const url = URL.parse(value);
  if (!url) return 'must be an absolute URL';
  if (url.hash || value.includes('#')) return 'must not contain a fragment';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return 'must use https (plain http is allowed only for localhost)';
  }
  return undefined;
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}
