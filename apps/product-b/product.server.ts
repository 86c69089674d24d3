import type { ProductDefinition } from '@sso/product-app/server';
import { openProductBDatabase, type ProductBDatabase, type User } from '@sso/product-db/product-b';
import { packageRoot } from '@sso/service';
import { brand } from './app/brand.ts';

/** Product B as its server runs it: its own database, its own cookie names. */
export const productB: ProductDefinition<User, ProductBDatabase> = {
  name: 'product-b',
  cookiePrefix: 'product_b',
  brand,
  appDir: packageRoot('@sso/product-b', import.meta.url),
  openDatabase: openProductBDatabase,
};
