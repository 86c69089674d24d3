import type { BindableRow } from '@sso/account-binding';
import type { SignedIn } from '@sso/product-auth';

/** The columns every product's user row has beyond the identity ones. */
export interface AccountUser extends BindableRow {
  displayName: string;
  createdAt: Date;
  linkMethod: string | null;
  linkedAt: Date | null;
}

export type AccountSummary = ReturnType<typeof describeAccount>;

const linkWords: Record<string, string> = {
  CREATED: 'made at first sign-in',
  VERIFIED_EMAIL: 'existing account, linked by verified email',
};

/** What the account page shows: the product's row, the identity behind it, and the session. */
export function describeAccount({ user, session }: SignedIn<AccountUser>) {
  const claims = session.data.claims;
  const text = (name: string) => (claims[name] === undefined ? '—' : String(claims[name]));
  const epoch = (name: string) =>
    typeof claims[name] === 'number' ? new Date(claims[name] * 1000).toISOString() : '—';
  return {
    product: {
      id: user.id,
      displayName: user.displayName,
      email: user.email,
      memberSince: user.createdAt.toISOString(),
      binding: user.linkMethod ? (linkWords[user.linkMethod] ?? user.linkMethod) : '—',
      linkedAt: user.linkedAt?.toISOString() ?? '—',
    },
    identity: {
      sub: text('sub'),
      username: text('cognito:username'),
      email: text('email'),
      emailVerified: text('email_verified'),
      issuer: text('iss'),
      signedInAt: epoch('auth_time'),
    },
    session: {
      startedAt: session.data.signedInAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      accessTokenExpiresAt: session.data.tokens.expiresAt.toISOString(),
    },
  };
}
