import type { ProductDefinition } from '@sso/product-app/server';
import { openProductADatabase } from '@sso/product-db/product-a';
import { brand } from './app/brand.ts';
import { pages } from './app/pages.server.ts';

/** Product A as its server runs it: the shell, with this product's brand, database and pages. */
export const productA: ProductDefinition = {
  name: 'product-a',
  brand,
  openDatabase: openProductADatabase,
  pages,
};
