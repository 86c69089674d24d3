import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Outlet } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { Brand } from './brand.ts';
import { BrandContext } from './components/brand-context.ts';
import { ProductLayout } from './components/product-layout.tsx';
import { RouteErrorPage } from './components/route-error.tsx';
import type { NavItem } from './components/shell.tsx';

/**
 * The products' root route. Remix looks for `app/root.tsx` in each app, which re-exports this and
 * puts its brand into the layout (`RootLayout`) and the title (`metaFor`).
 */

/** Who is signed in, for the header of every page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const signedIn = await context.auth.optionalUser(request);
  return { signedInAs: signedIn?.user.displayName ?? null };
}

export default function App() {
  return <Outlet />;
}

export const ErrorBoundary = RouteErrorPage;

/** Every page of a product: the shell's own pages come first in the navigation, then the product's `pages`. */
export function RootLayout({ brand, pages, children }: { brand: Brand; pages: NavItem[]; children: ReactNode }) {
  return (
    <BrandContext.Provider value={brand}>
      <ProductLayout brand={brand} nav={[...shellPages, ...pages]}>
        {children}
      </ProductLayout>
    </BrandContext.Provider>
  );
}

const shellPages: NavItem[] = [
  { to: '/', label: 'Home' },
  { to: '/account', label: 'Account' },
];

export const metaFor =
  (brand: Brand): MetaFunction =>
  () => [{ title: brand.name }];
