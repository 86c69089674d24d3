import type { ProductDefinition } from '@sso/product-app/server';
import { openProductADatabase, type ProductADatabase } from '@sso/product-db/product-a';
import { brand } from './app/brand.ts';

declare module '@sso/product-app' {
  interface Register {
    database: ProductADatabase;
  }
}

/** Product A: it authorizes by role (admins run the workspace); its people's data are projects. */
export const productA: ProductDefinition = {
  name: 'product-a',
  brand,
  openDatabase: openProductADatabase,
  access: ({ role }) => ({ label: 'role', value: role.toLowerCase() }),
  async accountItems(db, user) {
    const projects = await db.prisma.project.findMany({ where: { ownerId: user.id }, orderBy: { name: 'asc' } });
    return { title: 'Your projects', names: projects.map((p) => p.name) };
  },
};
