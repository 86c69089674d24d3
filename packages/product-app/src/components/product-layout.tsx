import { useRouteLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { Brand } from '../brand.ts';
import { Document } from './document.tsx';
import { type NavItem, Shell } from './shell.tsx';

/** What the root route's loader gives every page (root.tsx). */
export interface RootData {
  /** The signed-in person's display name, for the header. */
  signedInAs: string | null;
}

/** A product's root layout: the document, its brand, and who is signed in (from the root loader). */
export function ProductLayout({ brand, nav, children }: { brand: Brand; nav: NavItem[]; children: ReactNode }) {
  const data = useRouteLoaderData<RootData>('root');
  return (
    <Document brand={brand}>
      <Shell brand={brand} nav={nav} signedInAs={data?.signedInAs ?? null}>
        {children}
      </Shell>
    </Document>
  );
}
