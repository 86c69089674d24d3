import path from 'node:path';
import { packageRoot } from '@sso/service';
import { prismaAccountStore } from '../src/account-store.ts';
import { type OpenOptions, openProductDatabase, type ProductDatabase } from '../src/open.ts';
import { PrismaClient, type User } from './generated/client.ts';
import { seedProductB } from './seed.ts';

export type * from './generated/client.ts';
export { legacyUsers } from './seed.ts';

export type ProductBDatabase = ProductDatabase<PrismaClient, User>;

const schemaPath = path.join(packageRoot('@sso/product-db', import.meta.url), 'product-b/schema.prisma');

/** Product B's own database, migrated (and seeded unless told not to). */
export function openProductBDatabase(url: string, options?: OpenOptions): Promise<ProductBDatabase> {
  return openProductDatabase(
    url,
    { schemaPath, createClient: (adapter) => new PrismaClient({ adapter }), seed: seedProductB },
    options,
  );
}

/** Product B's users, as account binding reads and writes them. */
export const accountStore = (db: ProductBDatabase) => prismaAccountStore<User>(db.prisma.user);
