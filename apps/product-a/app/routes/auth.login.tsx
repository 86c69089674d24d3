export { action, default, ErrorBoundary, loader, meta } from '@sso/product-app/routes/auth-login';
