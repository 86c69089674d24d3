import { productViteConfig } from '@sso/product-app/vite';

export default productViteConfig({ root: import.meta.dirname, port: 8000 });
