import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { describeAccount } from '../account.ts';
import { AccountFacts } from '../components/account-facts.tsx';

/** The product's name, from the root route's title. */
export const meta: MetaFunction = ({ matches }) => {
  const root = matches[0]?.meta.find((tag) => 'title' in tag);
  return [{ title: `Your account · ${root && 'title' in root ? root.title : ''}` }];
};

/** The signed-in person's account: this product's row and access, the login identity, the session. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const signedIn = await context.auth.requireUser(request);
  const access = context.pages.access(signedIn.user);
  return {
    account: describeAccount(signedIn),
    access: { label: capitalized(access.label), value: access.value },
    items: await context.pages.accountItems(context.db, signedIn.user),
  };
}

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

export default function Account() {
  const { account, access, items } = useLoaderData<typeof loader>();
  return <AccountFacts account={account} access={access} items={items} />;
}
