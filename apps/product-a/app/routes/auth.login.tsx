export { action, loader } from '@sso/product-app/routes/auth-login';
