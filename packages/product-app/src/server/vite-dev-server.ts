import type { ServerBuild } from '@remix-run/node';
import type express from 'express';

/**
 * `NODE_ENV=development` only: pages and assets served by Vite from the app's sources, rebuilt as
 * they change. Vite is a development dependency: the built server never calls this.
 */
export async function serveThroughVite(app: express.Express, appDir: string): Promise<() => Promise<ServerBuild>> {
  // Imported when called: the bundle inlines this module, and a static import would make every
  // built server load Vite, which images do not have.
  const { createServer } = await import('vite');
  const dev = await createServer({ root: appDir, server: { middlewareMode: true } });
  app.use(dev.middlewares);
  return () => dev.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>;
}
