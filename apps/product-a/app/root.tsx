import type { MetaFunction } from '@remix-run/node';
import { Outlet } from '@remix-run/react';
import { ProductLayout, RouteErrorPage, rootLoader } from '@sso/product-app';
import type { ReactNode } from 'react';
import { brand } from './brand.ts';

export const meta: MetaFunction = () => [{ title: brand.name }];
export const loader = rootLoader;

const nav = [
  { to: '/', label: 'Home' },
  { to: '/account', label: 'Account' },
  { to: '/admin', label: 'Admin' },
];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <ProductLayout brand={brand} nav={nav}>
      {children}
    </ProductLayout>
  );
}

export default function App() {
  return <Outlet />;
}

export const ErrorBoundary = RouteErrorPage;
