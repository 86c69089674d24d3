import Router from '@koa/router';
import type { DatabaseReadiness } from '@sso/service';

/** What readiness depends on: the process is not stopping, and the database answers. */
export interface Readiness {
  isShuttingDown(): boolean;
  database: DatabaseReadiness;
}

/** Liveness answers while the process runs; readiness only while the database answers. */
export function healthRoutes(readiness: Readiness): Router {
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/ready', async (ctx) => {
    const reason = readiness.isShuttingDown()
      ? 'shutting down'
      : (await readiness.database.isReady())
        ? undefined
        : 'the database does not answer';
    ctx.status = reason ? 503 : 200;
    ctx.body = reason ? { status: 'unavailable', reason } : { status: 'ready' };
  });
  return router;
}
