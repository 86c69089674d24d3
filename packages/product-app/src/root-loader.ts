import type { LoaderFunctionArgs } from '@remix-run/node';
import type { AccountUser } from './account.ts';
import { productContext } from './context.ts';

/** The root route's loader: who is signed in, for the header of every page. */
export async function rootLoader({ request, context }: LoaderFunctionArgs) {
  const signedIn = await productContext<AccountUser>(context).auth.optionalUser(request);
  return { signedInAs: signedIn?.user.displayName ?? null };
}
