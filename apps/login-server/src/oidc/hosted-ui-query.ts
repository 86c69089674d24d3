/** The authorize parameters Cognito carries on its hosted pages' URLs (/login?client_id=...&...). */
const carried = ['client_id', 'response_type', 'scope', 'redirect_uri', 'state'] as const;

export function hostedUiQuery(params: Record<string, unknown>): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of carried) {
    const value = params[name];
    if (typeof value === 'string' && value) query.set(name, value);
  }
  return query;
}
