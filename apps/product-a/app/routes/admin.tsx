import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { forbidden } from '@sso/product-app';

export const meta: MetaFunction = () => [{ title: 'Workspace admin · Acme Projects' }];

/** Product A authorizes by role: only admins run the workspace. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await context.auth.requireUser(request);
  if (user.role !== 'ADMIN') throw forbidden('Only workspace admins can open this page.');
  const members = await context.db.prisma.user.findMany({ orderBy: { email: 'asc' } });
  return {
    members: members.map((m) => ({ email: m.email, role: m.role.toLowerCase(), linked: m.identitySub !== null })),
  };
}

export default function Admin() {
  const { members } = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="admin">
      <h1 id="admin">Workspace admin</h1>
      <table>
        <caption className="muted">
          Everyone in the workspace, and whether their row is bound to a company login.
        </caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Company login</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.email}>
              <td>{m.email}</td>
              <td>{m.role}</td>
              <td>{m.linked ? 'linked' : 'not yet'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
