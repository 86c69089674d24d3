import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ProblemPage } from '../components/problem-page.tsx';
import { problems } from '../problems.ts';

/** The login service's redirect back: signs the person in and sends them on, or explains why not. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { failure, headers } = await context.auth.callback(request);
  return json({ failure }, { status: 400, headers });
}

export const meta: MetaFunction = () => [{ title: 'Sign-in problem' }];

export default function SignInProblem() {
  const { title, message } = problems[useLoaderData<typeof loader>().failure];
  return <ProblemPage title={title} message={message} offerSignIn />;
}
