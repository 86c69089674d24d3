import type { AppLoadContext } from '@remix-run/node';
import type { BindableRow } from '@sso/account-binding';
import type { ProductAuth, ProductSettings } from '@sso/product-auth';

/** What the product server hands every loader and action (see server/index.ts). */
export interface ProductContext<User extends BindableRow = BindableRow, Db = unknown> {
  auth: ProductAuth<User>;
  db: Db;
  settings: ProductSettings;
}

/**
 * The load context with its real types. Remix types it as an open record; the server fills it, so
 * this is the one place that says what is inside.
 */
export function productContext<User extends BindableRow = BindableRow, Db = unknown>(
  context: AppLoadContext,
): ProductContext<User, Db> {
  return context as unknown as ProductContext<User, Db>;
}
