import bcrypt from 'bcryptjs';
import { createMissingUsers } from '../src/seed.ts';
import type { PrismaClient, Role } from './generated/client.ts';

/**
 * Product A's users from before the universal login: rows with no `identitySub` yet. Alice, Dana and
 * Frank have verified emails at the login service, so their first sign-in links these rows; Carol's
 * email is not verified there, so her row stays hers until it is. Erin has no login-service account:
 * her password is product A's own (bcrypt), and the user migration trigger moves her over at her
 * first sign-in.
 */
const legacyUsers: {
  email: string;
  displayName: string;
  role: Role;
  projects: string[];
  legacyPassword?: string;
}[] = [
  {
    email: 'alice@example.com',
    displayName: 'Alice Adams',
    role: 'ADMIN',
    projects: ['Roadmap 2027', 'Launch checklist'],
  },
  { email: 'carol@example.com', displayName: 'Carol Chen', role: 'MEMBER', projects: ['Design review'] },
  { email: 'dana@example.com', displayName: 'Dana Diaz', role: 'MEMBER', projects: ['Field notes'] },
  // A member here, but in the login service's admins group: she runs the workspace through it (ADR 0013).
  { email: 'frank@example.com', displayName: 'Frank Fischer', role: 'MEMBER', projects: ['Vendor review'] },
  {
    email: 'erin@example.com',
    displayName: 'Erin Evans',
    role: 'MEMBER',
    projects: ['Data migration'],
    legacyPassword: 'Legacy-Passw0rd!',
  },
];

export const seedProductA = (prisma: PrismaClient) =>
  createMissingUsers(
    prisma.user,
    legacyUsers.map(({ projects, legacyPassword, ...user }) => ({
      ...user,
      legacyPasswordHash: legacyPassword === undefined ? null : bcrypt.hashSync(legacyPassword, 10),
      projects: { create: projects.map((name) => ({ name })) },
    })),
  );
