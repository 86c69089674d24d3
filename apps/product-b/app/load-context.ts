import type { ProductBDatabase } from '@sso/product-db/product-b';

// Product B's database and user rows in the load context: its own loaders' and the shell's routes'.
declare module '@sso/product-app' {
  interface Register {
    database: ProductBDatabase;
  }
}
