const needOpenid = new Set(['email', 'phone', 'profile']);

/**
 * Cognito's scope rules at /oauth2/authorize: scopes the client may not use are ignored, no scope
 * means all of the client's scopes, and email/phone/profile count only with openid.
 * Returns the scope to grant, or undefined when nothing asked for can be granted (invalid_scope).
 */
export function grantableScopes(requested: string | undefined, allowed: readonly string[]): string | undefined {
  const asked = requested?.split(' ').filter(Boolean) ?? [];
  const candidates = asked.length ? [...new Set(asked)].filter((s) => allowed.includes(s)) : [...allowed];
  const hasOpenid = candidates.includes('openid');
  const scopes = candidates.filter((s) => hasOpenid || !needOpenid.has(s));
  return scopes.length ? scopes.join(' ') : undefined;
}
