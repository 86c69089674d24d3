import { runProductServer } from '@sso/product-app/server';
import { productB } from './product.server.ts';

await runProductServer(productB);
