import { Link } from '@remix-run/react';
import type { Brand } from '../brand.ts';
import { SignInForm } from './sign-in-out.tsx';

export interface HomeUser {
  name: string;
  email: string;
  /** How the product authorizes the person, e.g. role: admin, or plan: pro. */
  access: { label: string; value: string };
}

/** A product's public home: what it is, and who is signed in (or the sign-in button). */
export function HomePage({ brand, user }: { brand: Brand; user: HomeUser | null }) {
  return (
    <>
      <section className="card">
        <h1>{brand.name}</h1>
        <p>{brand.tagline}</p>
      </section>
      <section className="card" aria-labelledby="who">
        <h2 id="who">Who is signed in</h2>
        {user ? (
          <p>
            You are signed in as <strong>{user.name}</strong> ({user.email}), {user.access.label}{' '}
            <strong>{user.access.value}</strong>. See your <Link to="/account">account</Link>.
          </p>
        ) : (
          <>
            <p>Nobody is signed in. Sign in once with the company login; the other products will know you too.</p>
            <SignInForm />
          </>
        )}
      </section>
    </>
  );
}
