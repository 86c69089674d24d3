import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vitePlugin as remix } from '@remix-run/dev';
import type { UserConfig } from 'vite';

/** The shell's route modules, served by every product at the same paths. */
const routesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'routes');
const shellRoutes: { path?: string; file: string; id: string }[] = [
  { file: 'home.tsx', id: 'routes/_index' },
  { path: 'account', file: 'account.tsx', id: 'routes/account' },
  { path: 'auth/login', file: 'auth-login.tsx', id: 'routes/auth.login' },
  { path: 'auth/callback', file: 'auth-callback.tsx', id: 'routes/auth.callback' },
  { path: 'auth/logout', file: 'auth-logout.tsx', id: 'routes/auth.logout' },
  { path: 'auth/logout-everywhere', file: 'auth-logout-everywhere.tsx', id: 'routes/auth.logout-everywhere' },
];

/**
 * A product's Vite config (its `vite.config.ts` is this, with its folder and port). Remix finds the
 * app's own pages in its `app/routes/`; the shell's routes are added here from this package, by their
 * path from the app folder, and Remix's Vite plugin builds them like the app's own.
 */
export function productViteConfig({ root, port }: { root: string; port: number }): UserConfig {
  const appDirectory = path.join(root, 'app');
  return {
    root,
    server: { port },
    // As in Remix's templates, `~` is the app folder: the shell's root route imports `~/brand`.
    resolve: { alias: { '~': appDirectory } },
    plugins: [
      remix({
        appDirectory,
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_lazyRouteDiscovery: true,
        },
        routes: (defineRoutes) =>
          defineRoutes((route) => {
            for (const { path: at, file, id } of shellRoutes) {
              route(at, path.relative(appDirectory, path.join(routesDir, file)), { id, index: at === undefined });
            }
          }),
      }),
    ],
  };
}
