import { type ActionFunctionArgs, redirect } from '@remix-run/node';

/** Revokes this product's tokens and ends the hosted login's session (back here afterwards). */
export const action = ({ request, context }: ActionFunctionArgs) => context.auth.logoutEverywhere(request);
export const loader = () => redirect('/');
