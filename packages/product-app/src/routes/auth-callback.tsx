import { type HeadersFunction, json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { retryAfterSeconds } from '@sso/service';
import { ProblemPage } from '../components/problem-page.tsx';
import { problems } from '../problems.ts';

/** The login service's redirect back: signs the person in and sends them on, or explains why not. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { failure, headers } = await context.auth.callback(request);
  // The login service out of reach is nobody's mistake and passes: come back soon, as for a database outage.
  if (failure === 'login_server_unreachable') {
    headers.set('Retry-After', String(retryAfterSeconds));
    return json({ failure }, { status: 503, headers });
  }
  return json({ failure }, { status: 400, headers });
}

/** A page's headers are the route's to give (Remix keeps only a loader's cookies): Retry-After too. */
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const retryAfter = loaderHeaders.get('Retry-After');
  return retryAfter ? [['Retry-After', retryAfter]] : [];
};

export const meta: MetaFunction = () => [{ title: 'Sign-in problem' }];

export default function SignInProblem() {
  const { title, message } = problems[useLoaderData<typeof loader>().failure];
  return <ProblemPage title={title} message={message} offerSignIn />;
}
