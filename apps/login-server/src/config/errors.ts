// Configuration errors are the services' shared SettingsError: each bad key is named.
export { describeIssues, SettingsError as ConfigError } from '@sso/service';
