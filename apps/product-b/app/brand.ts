// The product's look, for the shell's root route (`~/brand`) and for its server.
import type { Brand, NavItem } from '@sso/product-app';

export const brand: Brand = {
  name: 'Beta Insights',
  tagline: 'Dashboards for the numbers that matter. Pro plans get the deep reports.',
  accent: '#0b7a5a',
  onAccent: '#ffffff',
  background: '#f1f8f5',
  mark: 'B',
};

/** Its own pages in the navigation, after the shell's Home and Account. */
export const nav: NavItem[] = [{ to: '/reports', label: 'Pro reports' }];
