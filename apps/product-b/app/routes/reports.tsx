import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { forbidden } from '@sso/product-app';

export const meta: MetaFunction = () => [{ title: 'Pro reports · Beta Insights' }];

/** Product B authorizes by plan: the deep reports are for the pro plan. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await context.auth.requireUser(request);
  if (user.plan !== 'PRO') throw forbidden('Pro reports are part of the pro plan.');
  const [customers, pro] = await Promise.all([
    context.db.prisma.user.count(),
    context.db.prisma.user.count({ where: { plan: 'PRO' } }),
  ]);
  return { customers, pro };
}

export default function Reports() {
  const { customers, pro } = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="reports">
      <h1 id="reports">Pro reports</h1>
      <p>
        {customers} customers, {pro} on the pro plan.
      </p>
    </section>
  );
}
