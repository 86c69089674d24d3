export { default, loader, meta } from '@sso/product-app/routes/auth-callback';
