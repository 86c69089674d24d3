import { useRouteLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { Brand } from '../brand.ts';
import type { loader as rootLoader } from '../root.tsx';
import { Document } from './document.tsx';
import { type NavItem, Shell } from './shell.tsx';

/** A product's root layout: the document, its brand, and who is signed in (from `rootLoader`). */
export function ProductLayout({ brand, nav, children }: { brand: Brand; nav: NavItem[]; children: ReactNode }) {
  const data = useRouteLoaderData<typeof rootLoader>('root');
  return (
    <Document brand={brand}>
      <Shell brand={brand} nav={nav} signedInAs={data?.signedInAs ?? null}>
        {children}
      </Shell>
    </Document>
  );
}
