// What the shell's root route needs from each app's `app/brand.ts` (imported as `~/brand`; an
// app's tsconfig and the shared Vite config point `~` at its own app folder). Only the shell's own
// typecheck reads this file.
import type { Brand } from '../brand.ts';
import type { NavItem } from '../components/shell.tsx';

export declare const brand: Brand;
/** The product's own pages in the navigation, after the shell's Home and Account. */
export declare const nav: NavItem[];
