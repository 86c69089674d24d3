// The shell's root route (packages/product-app/src/root.tsx), in this product's brand.
import { metaFor, RootLayout } from '@sso/product-app/root';
import type { ReactNode } from 'react';
import { brand, pages } from './brand.ts';

export { default, ErrorBoundary, loader } from '@sso/product-app/root';
export const meta = metaFor(brand);

export function Layout({ children }: { children: ReactNode }) {
  return (
    <RootLayout brand={brand} pages={pages}>
      {children}
    </RootLayout>
  );
}
