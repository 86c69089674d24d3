import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { productContext } from '../context.ts';

// POST from the sign-in button, GET from a deep link that needed a sign-in: both go to the hosted login.
export const action = ({ request, context }: ActionFunctionArgs) => productContext(context).auth.login(request);
export const loader = ({ request, context }: LoaderFunctionArgs) => productContext(context).auth.login(request);
