import type { ProductDefinition } from '@sso/product-app/server';
import { openProductBDatabase, type ProductBDatabase } from '@sso/product-db/product-b';
import { brand } from './app/brand.ts';

declare module '@sso/product-app' {
  interface Register {
    database: ProductBDatabase;
  }
}

/** Product B: it authorizes by plan (the deep reports are for pro); its people's data are dashboards. */
export const productB: ProductDefinition = {
  name: 'product-b',
  brand,
  openDatabase: openProductBDatabase,
  access: ({ plan }) => ({ label: 'plan', value: plan.toLowerCase() }),
  async accountItems(db, user) {
    const dashboards = await db.prisma.dashboard.findMany({ where: { ownerId: user.id }, orderBy: { name: 'asc' } });
    return { title: 'Your dashboards', names: dashboards.map((d) => d.name) };
  },
};
