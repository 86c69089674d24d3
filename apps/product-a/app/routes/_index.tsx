import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { SignInForm } from '@sso/product-app';
import { brand } from '../brand.ts';
import { appContext } from '../context.server.ts';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const signedIn = await appContext(context).auth.optionalUser(request);
  return signedIn
    ? { user: { name: signedIn.user.displayName, email: signedIn.user.email, role: signedIn.user.role } }
    : { user: null };
}

export default function Home() {
  const { user } = useLoaderData<typeof loader>();
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
            You are signed in as <strong>{user.name}</strong> ({user.email}), role{' '}
            <strong>{user.role.toLowerCase()}</strong>. See your <Link to="/account">account</Link>.
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
