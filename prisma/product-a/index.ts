import { productDatabase } from '../src/open.ts';
import { PrismaClient, type User } from './generated/client.ts';
import { seedProductA } from './seed.ts';

export type * from './generated/client.ts';

/** Product A's own database, migrated (and seeded unless told not to). */
export const openProductADatabase = productDatabase<PrismaClient, User>('product-a', PrismaClient, seedProductA);
export type ProductADatabase = Awaited<ReturnType<typeof openProductADatabase>>;
