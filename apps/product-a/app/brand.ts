// The product's look, for the shell's root route (`~/brand`) and for its server.
import type { Brand, NavItem } from '@sso/product-app';

export const brand: Brand = {
  name: 'Acme Projects',
  tagline: 'Plan the work, share the roadmap. Admins run the workspace.',
  accent: '#1f4fd1',
  onAccent: '#ffffff',
  background: '#f3f6fc',
  mark: 'A',
};

/** Its own pages in the navigation, after the shell's Home and Account. */
export const nav: NavItem[] = [{ to: '/admin', label: 'Admin' }];
