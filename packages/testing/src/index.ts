export { freePort, onFreePort } from '@sso/local-postgres';
export { type AuthorizeRequest, authorizeRequest } from './authorize-request.ts';
export { asPage, asRedirect, Browser, type Page, textOf } from './browser.ts';
export { buildServices } from './build.ts';
export { testDatabase } from './database.ts';
export { type FaultProxy, startFaultProxy } from './fault-proxy.ts';
export { type LoginServerProcess, startLoginServer } from './login-server.ts';
export { productClient } from './product-client.ts';
export { type ServiceName, type ServiceProcess, type Stack, type StackDatabase, startStack } from './stack.ts';
