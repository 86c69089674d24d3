import Router from '@koa/router';
import type { Services } from '../services.ts';

export function adminApiRoutes(_services: Services): Router {
  return new Router();
}
