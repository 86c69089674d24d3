export { default, ErrorBoundary, Layout, loader, meta } from '@sso/product-app/root';
