import { productDatabase } from '../src/open.ts';
import { PrismaClient, type User } from './generated/client.ts';
import { seedProductB } from './seed.ts';

export type * from './generated/client.ts';

/** Product B's own database, migrated (and seeded unless told not to). */
export const openProductBDatabase = productDatabase<PrismaClient, User>('product-b', PrismaClient, seedProductB);
export type ProductBDatabase = Awaited<ReturnType<typeof openProductBDatabase>>;
