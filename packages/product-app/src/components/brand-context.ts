import { createContext, useContext } from 'react';
import type { Brand } from '../brand.ts';

/** The product's brand, for the shell's pages (the root layout provides it). */
export const BrandContext = createContext<Brand | null>(null);

export function useBrand(): Brand {
  const brand = useContext(BrandContext);
  if (!brand) throw new Error('useBrand() outside the product layout');
  return brand;
}
