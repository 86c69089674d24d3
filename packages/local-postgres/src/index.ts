export { createDatabase, dropDatabase, ensureServiceDatabase, fillIn, type ServiceDatabase } from './databases.ts';
export { freePort, onFreePort, onFreePorts } from './free-port.ts';
export {
  type LocalPostgres,
  type LocalPostgresOptions,
  scratchDir,
  startLocalPostgres,
  superuser,
} from './server.ts';
