import type { Plan, PrismaClient } from './generated/client.ts';

/**
 * Product B's users from before the universal login: rows with no `identitySub` yet. Dana is a
 * customer of both products; Bob only of this one.
 */
export const legacyUsers: { email: string; displayName: string; plan: Plan; dashboards: string[] }[] = [
  { email: 'bob@example.com', displayName: 'Bob Brown', plan: 'PRO', dashboards: ['Revenue', 'Churn'] },
  { email: 'dana@example.com', displayName: 'Dana Diaz', plan: 'FREE', dashboards: ['Weekly sign-ups'] },
];

/** Creates the legacy users that are missing; never touches existing rows. */
export async function seedProductB(prisma: PrismaClient): Promise<void> {
  for (const { dashboards, ...user } of legacyUsers) {
    const existing = await prisma.user.findUnique({ where: { email: user.email } });
    if (existing) continue;
    await prisma.user.create({ data: { ...user, dashboards: { create: dashboards.map((name) => ({ name })) } } });
  }
}
