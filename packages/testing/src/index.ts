export { asPage, asRedirect, Browser, type Page, textOf } from './browser.ts';
export { type LoginServerProcess, startLoginServer } from './login-server.ts';
export { freePort } from './ports.ts';
export { createDatabase, postgresBinaries, startTestPostgres, type TestPostgres } from './postgres.ts';
