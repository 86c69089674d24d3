import type { Brand } from '@sso/product-app';

export const brand: Brand = {
  name: 'Acme Projects',
  tagline: 'Plan the work, share the roadmap. Admins run the workspace.',
  accent: '#1f4fd1',
  onAccent: '#ffffff',
  background: '#f3f6fc',
  mark: 'A',
};
