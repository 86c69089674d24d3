import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { forbidden } from '@sso/product-app';
import { adminGrant, adminGroup } from '../pages.server.ts';

export const meta: MetaFunction = () => [{ title: 'Workspace admin · Acme Projects' }];

/** Only admins run the workspace: by their role here, or through the login service's admins group. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, session } = await context.auth.requireUser(request);
  const grant = adminGrant(user, session.data.claims);
  if (!grant) throw forbidden('Only workspace admins can open this page.');
  const members = await context.db.prisma.user.findMany({ orderBy: { email: 'asc' } });
  return {
    grant,
    group: adminGroup,
    members: members.map((m) => ({ email: m.email, role: m.role.toLowerCase(), linked: m.identitySub !== null })),
  };
}

export default function Admin() {
  const { grant, group, members } = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="admin">
      <h1 id="admin">Workspace admin</h1>
      <p>
        {grant === 'role'
          ? 'You run this workspace: your role here is admin.'
          : `You run this workspace as a member of the company login's ${group} group; your role here is member.`}
      </p>
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
