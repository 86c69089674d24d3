export type { Brand } from './brand.ts';
export type { NavItem } from './components/shell.tsx';
export type { Register } from './context.ts';
export { forbidden } from './forbidden.ts';
