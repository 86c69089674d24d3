import { Link } from '@remix-run/react';
import { SignInForm } from './sign-in-out.tsx';

/** A page that says what went wrong and what to do next, never how the server failed. */
export function ProblemPage({
  title,
  message,
  status,
  offerSignIn = false,
}: {
  title: string;
  message: string;
  status?: number;
  offerSignIn?: boolean;
}) {
  return (
    <section className="card problem" aria-labelledby="problem-title">
      <h1 id="problem-title">{title}</h1>
      <p>{message}</p>
      {status ? <p className="muted">Error {status}</p> : null}
      <p>
        {offerSignIn ? <SignInForm label="Sign in again" /> : null} <Link to="/">Go to the home page</Link>
      </p>
    </section>
  );
}
