import Router from '@koa/router';
import type { Services } from '../services.ts';

/** Liveness answers while the process runs; readiness only while the database answers. */
export function healthRoutes(services: Services, isShuttingDown: () => boolean): Router {
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/ready', async (ctx) => {
    try {
      if (isShuttingDown()) throw new Error('shutting down');
      await services.prisma.$queryRaw`SELECT 1`;
      ctx.body = { status: 'ready' };
    } catch (error) {
      ctx.status = 503;
      ctx.body = { status: 'unavailable', reason: (error as Error).message };
    }
  });
  return router;
}
