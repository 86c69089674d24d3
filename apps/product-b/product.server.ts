import type { ProductDefinition } from '@sso/product-app/server';
import { openProductBDatabase } from '@sso/product-db/product-b';
import { brand } from './app/brand.ts';
import { pages } from './app/pages.server.ts';

/** Product B as its server runs it: the shell, with this product's brand, database and pages. */
export const productB: ProductDefinition = {
  name: 'product-b',
  brand,
  openDatabase: openProductBDatabase,
  pages,
};
