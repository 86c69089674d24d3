import { type ActionFunctionArgs, redirect } from '@remix-run/node';
import { productContext } from '../context.ts';

/** Revokes this product's tokens and ends the hosted login's session (back here afterwards). */
export const action = ({ request, context }: ActionFunctionArgs) =>
  productContext(context).auth.logoutEverywhere(request);
export const loader = () => redirect('/');
