import { type ActionFunctionArgs, redirect } from '@remix-run/node';
import { productContext } from '../context.ts';

/** Signs out of this product only. A POST, so no link or image elsewhere can sign anyone out. */
export const action = ({ request, context }: ActionFunctionArgs) => productContext(context).auth.logout(request);
export const loader = () => redirect('/');
