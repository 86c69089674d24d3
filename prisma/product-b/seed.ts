import { createMissingUsers } from '../src/seed.ts';
import type { Plan, PrismaClient } from './generated/client.ts';

/**
 * Product B's users from before the universal login: rows with no `identitySub` yet. Dana is a
 * customer of both products; Bob only of this one.
 */
const legacyUsers: { email: string; displayName: string; plan: Plan; dashboards: string[] }[] = [
  { email: 'bob@example.com', displayName: 'Bob Brown', plan: 'PRO', dashboards: ['Revenue', 'Churn'] },
  { email: 'dana@example.com', displayName: 'Dana Diaz', plan: 'FREE', dashboards: ['Weekly sign-ups'] },
];

export const seedProductB = (prisma: PrismaClient) =>
  createMissingUsers(
    prisma.user,
    legacyUsers.map(({ dashboards, ...user }) => ({
      ...user,
      dashboards: { create: dashboards.map((name) => ({ name })) },
    })),
  );
