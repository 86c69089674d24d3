import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProductDefinition } from '@sso/product-app/server';
import { accountStore, openProductADatabase, type ProductADatabase, type User } from '@sso/product-db/product-a';

/** Product A as its server runs it: its own database, its own cookie names. */
export const productA: ProductDefinition<User, ProductADatabase> = {
  name: 'product-a',
  cookiePrefix: 'product_a',
  appDir: path.dirname(fileURLToPath(import.meta.url)),
  openDatabase: (url, options) => openProductADatabase(url, options),
  accounts: accountStore,
  findUser: (db, id) => db.prisma.user.findUnique({ where: { id } }),
};
