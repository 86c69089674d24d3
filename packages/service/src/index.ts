export { packageRoot } from './package-root.ts';
export { closeServer, createLogger, listen, portOf, type Running, runService, type ServiceEntry } from './run.ts';
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
