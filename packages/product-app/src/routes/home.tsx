import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useBrand } from '../components/brand-context.ts';
import { HomePage } from '../components/home-page.tsx';

/** A product's home: who is signed in, and how the product sees them (its `access`). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const signedIn = await context.auth.optionalUser(request);
  if (!signedIn) return { user: null };
  const { displayName, email } = signedIn.user;
  return { user: { name: displayName, email, access: context.pages.access(signedIn.user) } };
}

export default function Home() {
  return <HomePage brand={useBrand()} user={useLoaderData<typeof loader>().user} />;
}
