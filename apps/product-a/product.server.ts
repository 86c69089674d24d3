import type { ProductDefinition } from '@sso/product-app/server';
import { openProductADatabase, type ProductADatabase, type User } from '@sso/product-db/product-a';
import { packageRoot } from '@sso/service';
import { brand } from './app/brand.ts';

/** Product A as its server runs it: its own database, its own cookie names. */
export const productA: ProductDefinition<User, ProductADatabase> = {
  name: 'product-a',
  cookiePrefix: 'product_a',
  brand,
  appDir: packageRoot('@sso/product-a', import.meta.url),
  openDatabase: openProductADatabase,
};
