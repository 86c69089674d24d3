import type { ProductPages } from '@sso/product-app/server';

/** Product A authorizes by role (admins run the workspace); its people keep projects. */
export const pages: ProductPages = {
  access: ({ role }) => ({ label: 'role', value: role.toLowerCase() }),
  async accountItems(db, user) {
    const projects = await db.prisma.project.findMany({ where: { ownerId: user.id }, orderBy: { name: 'asc' } });
    return { title: 'Your projects', names: projects.map((p) => p.name) };
  },
};
