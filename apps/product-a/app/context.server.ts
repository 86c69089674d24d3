import type { AppLoadContext } from '@remix-run/node';
import { productContext } from '@sso/product-app';
import type { ProductADatabase, User } from '@sso/product-db/product-a';

/** Product A's load context: its auth, typed with its own user rows, and its database. */
export const appContext = (context: AppLoadContext) => productContext<User, ProductADatabase>(context);
