export { createDatabase, dropDatabase, ensureServiceDatabase, fillIn, type ServiceDatabase } from './databases.ts';
export {
  freePort,
  type LocalPostgres,
  type LocalPostgresOptions,
  scratchDir,
  startLocalPostgres,
  superuser,
} from './server.ts';
