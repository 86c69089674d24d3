import { runProductServer } from '@sso/product-app/server';
import { productA } from './product.server.ts';

await runProductServer(productA);
