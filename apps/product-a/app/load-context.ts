import type { ProductADatabase } from '@sso/product-db/product-a';

// Product A's database and user rows in the load context: its own loaders' and the shell's routes'.
declare module '@sso/product-app' {
  interface Register {
    database: ProductADatabase;
  }
}
