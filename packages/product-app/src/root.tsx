import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Outlet } from '@remix-run/react';
import type { ReactNode } from 'react';
// The app's own `app/brand.ts`: `~` is the folder of the app being built (vite.config.ts, the app's tsconfig).
import { brand, nav } from '~/brand';
import { BrandContext } from './components/brand-context.ts';
import { ProductLayout, type RootData } from './components/product-layout.tsx';
import { RouteErrorPage } from './components/route-error.tsx';
import type { NavItem } from './components/shell.tsx';

/**
 * The products' root route. Remix looks for `app/root.tsx` in each app, which re-exports this; the
 * brand is the app's `app/brand.ts`.
 */

/** Who is signed in, for the header of every page. */
export async function loader({ request, context }: LoaderFunctionArgs): Promise<RootData> {
  const signedIn = await context.auth.optionalUser(request);
  return { signedInAs: signedIn?.user.displayName ?? null };
}

export default function App() {
  return <Outlet />;
}

export const ErrorBoundary = RouteErrorPage;

export const meta: MetaFunction = () => [{ title: brand.name }];

/** Every page of a product: the shell's own pages come first in the navigation, then the product's. */
export function Layout({ children }: { children: ReactNode }) {
  return (
    <BrandContext.Provider value={brand}>
      <ProductLayout brand={brand} nav={[...shellPages, ...nav]}>
        {children}
      </ProductLayout>
    </BrandContext.Provider>
  );
}

const shellPages: NavItem[] = [
  { to: '/', label: 'Home' },
  { to: '/account', label: 'Account' },
];
