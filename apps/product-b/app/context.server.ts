import type { AppLoadContext } from '@remix-run/node';
import { productContext } from '@sso/product-app';
import type { ProductBDatabase, User } from '@sso/product-db/product-b';

/** Product B's load context: its auth, typed with its own user rows, and its database. */
export const appContext = (context: AppLoadContext) => productContext<User, ProductBDatabase>(context);
