import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { Brand } from '../brand.ts';
import { SignInForm, SignOutForms } from './sign-in-out.tsx';

export interface NavItem {
  to: string;
  label: string;
}

/** Header (brand, navigation, who is signed in) and the page's main landmark. */
export function Shell({
  brand,
  nav,
  signedInAs,
  children,
}: {
  brand: Brand;
  nav: NavItem[];
  /** The signed-in person's display name, or null. */
  signedInAs: string | null;
  children: ReactNode;
}) {
  return (
    <>
      <header>
        <div className="bar">
          <Link to="/" className="brand">
            <span className="mark" aria-hidden="true">
              {brand.mark}
            </span>
            {brand.name}
          </Link>
          <nav aria-label="Main">
            <ul>
              {nav.map((item) => (
                <li key={item.to}>
                  <Link to={item.to}>{item.label}</Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="who">
            {signedInAs ? (
              <>
                <span>
                  Signed in as <strong>{signedInAs}</strong>
                </span>
                <SignOutForms />
              </>
            ) : (
              <SignInForm />
            )}
          </div>
        </div>
      </header>
      <main>{children}</main>
    </>
  );
}
