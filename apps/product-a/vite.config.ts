import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';

// Shared by both products except the port; a config file cannot import TypeScript from a package.
export default defineConfig({
  server: { port: 8000 },
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
});
