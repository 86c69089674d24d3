import { Links, Meta, Scripts, ScrollRestoration } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { Brand } from '../brand.ts';
import { useNonce } from './nonce.ts';
import { stylesheet } from './styles.ts';

/** The brand's mark as an inline SVG icon (no file to serve, no 404 for /favicon.ico). */
function favicon(brand: Brand): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="${brand.accent}"/><text x="16" y="23" font-family="system-ui,sans-serif" font-size="19" font-weight="700" text-anchor="middle" fill="${brand.onAccent}">${brand.mark}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/**
 * The HTML page around every route of a product. Its inline scripts carry the response's CSP nonce;
 * its stylesheet is allowed by its hash (server/security-headers.ts).
 */
export function Document({ brand, children }: { brand: Brand; children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <link rel="icon" href={favicon(brand)} />
        <style>{stylesheet(brand)}</style>
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}
