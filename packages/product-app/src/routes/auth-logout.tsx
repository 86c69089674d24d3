import { type ActionFunctionArgs, redirect } from '@remix-run/node';

/** Signs out of this product only. A POST, so no link or image elsewhere can sign anyone out. */
export const action = ({ request, context }: ActionFunctionArgs) => context.auth.logout(request);
export const loader = () => redirect('/');
