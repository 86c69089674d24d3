import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ProblemPage } from '../components/problem-page.tsx';
import { productContext } from '../context.ts';

/** The login service's redirect back: signs the person in and sends them on, or explains why not. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { problem, headers } = await productContext(context).auth.callback(request);
  return json({ problem }, { status: 400, headers });
}

export const meta: MetaFunction = () => [{ title: 'Sign-in problem' }];

export default function SignInProblem() {
  const { problem } = useLoaderData<typeof loader>();
  return <ProblemPage title={problem.title} message={problem.message} offerSignIn />;
}
