import type { AppLoadContext } from '@remix-run/node';
import type { BindableRow } from '@sso/account-binding';
import type { ProductAuth, ProductSettings } from '@sso/product-auth';

/** What the product server hands every loader and action (see server/index.ts). */
export interface ProductContext<User extends BindableRow = BindableRow, Db = unknown> {
  auth: ProductAuth<User>;
  db: Db;
  settings: ProductSettings;
  /**
   * For the server entry's handleError: a failure Remix caught in a loader, an action or a render.
   * The server logs it once; a database outage makes the answer a 503 with Retry-After.
   */
  reportError(error: unknown): void;
  /** This response's Content-Security-Policy nonce (server/security-headers.ts), for its inline scripts. */
  cspNonce: string;
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
