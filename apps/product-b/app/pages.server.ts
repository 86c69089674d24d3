import type { ProductPages } from '@sso/product-app/server';

/** Product B authorizes by plan (the deep reports are for pro); its people keep dashboards. */
export const pages: ProductPages = {
  access: ({ plan }) => ({ label: 'plan', value: plan.toLowerCase() }),
  async accountItems(db, user) {
    const dashboards = await db.prisma.dashboard.findMany({ where: { ownerId: user.id }, orderBy: { name: 'asc' } });
    return { title: 'Your dashboards', names: dashboards.map((d) => d.name) };
  },
};
