export {
  databaseOutageReason,
  isDatabaseUnavailable,
  isRefusedText,
  logFailure,
  retryAfterSeconds,
} from './database-outage.ts';
export { packageRoot } from './package-root.ts';
export { type DatabaseProbe, DatabaseReadiness, type ReadinessOptions } from './readiness.ts';
export {
  closeServer,
  createLogger,
  listen,
  portOf,
  type Running,
  routeConsoleToLog,
  runService,
  type ServiceEntry,
} from './run.ts';
export {
  awsRegion,
  databasePoolSize,
  databaseUrl,
  describeIssues,
  formatIssuePath,
  httpUrl,
  type LogLevel,
  logLevel,
  parseSettings,
  port,
  readMigrationSettings,
  SettingsError,
  userPoolId,
} from './settings.ts';
export { type ReadyWait, waitUntilReady } from './wait-until-ready.ts';
