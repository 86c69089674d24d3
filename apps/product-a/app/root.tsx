import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Outlet, useRouteLoaderData } from '@remix-run/react';
import { Document, RouteErrorPage, Shell } from '@sso/product-app';
import type { ReactNode } from 'react';
import { brand } from './brand.ts';
import { appContext } from './context.server.ts';

export const meta: MetaFunction = () => [{ title: brand.name }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const signedIn = await appContext(context).auth.optionalUser(request);
  return { signedInAs: signedIn?.user.displayName ?? null, role: signedIn?.user.role ?? null };
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const nav = [
    { to: '/', label: 'Home' },
    { to: '/account', label: 'Account' },
    { to: '/admin', label: 'Admin' },
  ];
  return (
    <Document brand={brand}>
      <Shell brand={brand} nav={nav} signedInAs={data?.signedInAs ?? null}>
        {children}
      </Shell>
    </Document>
  );
}

export default function App() {
  return <Outlet />;
}

export const ErrorBoundary = RouteErrorPage;
