import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { AccountFacts, describeAccount } from '@sso/product-app';
import { appContext } from '../context.server.ts';

export const meta: MetaFunction = () => [{ title: 'Your account · Acme Projects' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { auth, db } = appContext(context);
  const { user, session } = await auth.requireUser(request);
  const projects = await db.prisma.project.findMany({ where: { ownerId: user.id }, orderBy: { name: 'asc' } });
  return {
    account: describeAccount({ user, session }),
    access: { label: 'Role', value: user.role.toLowerCase() },
    items: projects.map((p) => p.name),
  };
}

export default function Account() {
  const { account, access, items } = useLoaderData<typeof loader>();
  return <AccountFacts account={account} access={access} items={{ title: 'Your projects', names: items }} />;
}
