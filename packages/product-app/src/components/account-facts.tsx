import type { AccountSummary } from '../account.ts';
import { Details } from './details.tsx';

const time = (iso: string) => (iso === '—' ? iso : <time dateTime={iso}>{new Date(iso).toUTCString()}</time>);

/** The account page: this product's row and access, the login identity, the session. */
export function AccountFacts({
  account,
  access,
  items,
}: {
  account: AccountSummary;
  /** How this product authorizes the person, e.g. Role: admin, or Plan: pro. */
  access: { label: string; value: string };
  /** The person's product data, e.g. their projects. */
  items: { title: string; names: string[] };
}) {
  const { product, identity, session } = account;
  return (
    <>
      <section className="card" aria-labelledby="account">
        <h1 id="account">Your account</h1>
        <Details
          rows={[
            ['Name', product.displayName],
            ['Email', product.email],
            [access.label, <strong key="access">{access.value}</strong>],
            ['Account id', <code key="id">{product.id}</code>],
            ['Member since', time(product.memberSince)],
            ['Company login', product.binding],
            ['Linked', time(product.linkedAt)],
          ]}
        />
      </section>
      <section className="card" aria-labelledby="items">
        <h2 id="items">{items.title}</h2>
        {items.names.length ? (
          <ul className="items">
            {items.names.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">None yet.</p>
        )}
      </section>
      <section className="card" aria-labelledby="identity">
        <h2 id="identity">Company login identity</h2>
        <Details
          rows={[
            ['Subject (sub)', <code key="sub">{identity.sub}</code>],
            ['Username', identity.username],
            ['Email', identity.email],
            ['Email verified', identity.emailVerified],
            ['Issuer', identity.issuer],
            ['Signed in at', time(identity.signedInAt)],
          ]}
        />
      </section>
      <section className="card" aria-labelledby="session">
        <h2 id="session">Session</h2>
        <Details
          rows={[
            ['Started', time(session.startedAt)],
            ['Session expires', time(session.expiresAt)],
            ['Access token expires', time(session.accessTokenExpiresAt)],
          ]}
        />
        <p className="muted">Tokens are kept on the server and refreshed before they expire.</p>
      </section>
    </>
  );
}
