import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { isRouteErrorResponse, useRouteError } from '@remix-run/react';
import type { SignInFailure } from '@sso/product-auth';
import { ProblemPage } from '../components/problem-page.tsx';
import { RouteErrorPage } from '../components/route-error.tsx';
import { problems } from '../problems.ts';

// POST from the sign-in button, GET from a deep link that needed a sign-in: both go to the hosted login.
export const action = ({ request, context }: ActionFunctionArgs) => context.auth.login(request);
export const loader = ({ request, context }: LoaderFunctionArgs) => context.auth.login(request);

export const meta: MetaFunction = () => [{ title: 'Sign-in problem' }];

/** Never shown: the loader and the action always answer with a redirect or a refusal (below). */
export default function StartSignIn() {
  return null;
}

/**
 * A request to sign in that could not be read (auth.login answers it with a 4xx and why):
 * the page says so and offers the sign-in button, in the product's layout (a page route, not a
 * resource route whose answers are sent bare).
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const failure = isRouteErrorResponse(error) ? (error.data as { failure?: SignInFailure } | null)?.failure : undefined;
  const problem = failure && problems[failure];
  if (!isRouteErrorResponse(error) || !problem) return <RouteErrorPage />;
  return <ProblemPage title={problem.title} message={problem.message} status={error.status} offerSignIn />;
}
