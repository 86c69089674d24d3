import type { ProductPages } from '@sso/product-app/server';
import type { Role } from '@sso/product-db/product-a';

/** Product A authorizes by role (admins run the workspace); its people keep projects. */
export const pages: ProductPages = {
  access: ({ role }) => ({ label: 'role', value: role.toLowerCase() }),
  async accountItems(db, user) {
    const projects = await db.prisma.project.findMany({ where: { ownerId: user.id }, orderBy: { name: 'asc' } });
    return { title: 'Your projects', names: projects.map((p) => p.name) };
  },
};

/** The login service's group whose members run the workspace too (docs/decisions/0012). */
export const adminGroup = 'admins';

/**
 * Why the person may run the workspace, if they may: product A's own role says admin, or the login
 * service puts them in its `admins` group (`cognito:groups` of the session's ID token, as of its
 * last refresh). Either is enough; the group is never written into the role, so leaving it ends
 * what it granted.
 */
export function adminGrant(user: { role: Role }, claims: Record<string, unknown>): 'role' | 'group' | undefined {
  if (user.role === 'ADMIN') return 'role';
  const groups = claims['cognito:groups'];
  return Array.isArray(groups) && groups.includes(adminGroup) ? 'group' : undefined;
}
