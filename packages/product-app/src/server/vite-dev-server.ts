import type { ServerBuild } from '@remix-run/node';
import type express from 'express';
import { createServer } from 'vite';

/**
 * `NODE_ENV=development` only: pages and assets served by Vite from the app's sources, rebuilt as
 * they change. Vite is a development dependency: the built server never loads this module.
 */
export async function serveThroughVite(app: express.Express, appDir: string): Promise<() => Promise<ServerBuild>> {
  const dev = await createServer({ root: appDir, server: { middlewareMode: true } });
  app.use(dev.middlewares);
  return () => dev.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>;
}
