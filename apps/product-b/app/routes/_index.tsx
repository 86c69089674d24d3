import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { HomePage } from '@sso/product-app';
import { brand } from '../brand.ts';
import { appContext } from '../context.server.ts';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const signedIn = await appContext(context).auth.optionalUser(request);
  if (!signedIn) return { user: null };
  const { displayName, email, plan } = signedIn.user;
  return { user: { name: displayName, email, access: { label: 'plan', value: plan.toLowerCase() } } };
}

export default function Home() {
  return <HomePage brand={brand} user={useLoaderData<typeof loader>().user} />;
}
