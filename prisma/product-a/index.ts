import path from 'node:path';
import { packageRoot } from '@sso/service';
import { prismaAccountStore } from '../src/account-store.ts';
import { type OpenOptions, openProductDatabase, type ProductDatabase } from '../src/open.ts';
import { PrismaClient, type User } from './generated/client.ts';
import { seedProductA } from './seed.ts';

export type * from './generated/client.ts';
export { legacyUsers } from './seed.ts';

export type ProductADatabase = ProductDatabase<PrismaClient, User>;

const schemaPath = path.join(packageRoot('@sso/product-db', import.meta.url), 'product-a/schema.prisma');

/** Product A's own database, migrated (and seeded unless told not to). */
export function openProductADatabase(url: string, options?: OpenOptions): Promise<ProductADatabase> {
  return openProductDatabase(
    url,
    { schemaPath, createClient: (adapter) => new PrismaClient({ adapter }), seed: seedProductA },
    options,
  );
}

/** Product A's users, as account binding reads and writes them. */
export const accountStore = (db: ProductADatabase) => prismaAccountStore<User>(db.prisma.user);
