import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProductDefinition } from '@sso/product-app/server';
import { accountStore, openProductBDatabase, type ProductBDatabase, type User } from '@sso/product-db/product-b';

/** Product B as its server runs it: its own database, its own cookie names. */
export const productB: ProductDefinition<User, ProductBDatabase> = {
  name: 'product-b',
  cookiePrefix: 'product_b',
  appDir: path.dirname(fileURLToPath(import.meta.url)),
  openDatabase: (url, options) => openProductBDatabase(url, options),
  accounts: accountStore,
  findUser: (db, id) => db.prisma.user.findUnique({ where: { id } }),
};
