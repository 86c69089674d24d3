// The shared server entry: pages are sent once complete, with nothing left running after them.
export { default, handleError } from '@sso/product-app/entry.server';
