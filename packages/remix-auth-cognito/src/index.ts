export { CognitoAuthError, type CognitoAuthErrorCode } from './errors.ts';
export type { CognitoLogoutOptions } from './logout.ts';
export type { CognitoEndpoints, CognitoPoolOptions, CognitoStrategyOptions, CognitoUrlOptions } from './options.ts';
export { resolveEndpoints } from './options.ts';
export type { CognitoProfile, CognitoTokens } from './profile.ts';
export { type CognitoSignIn, CognitoStrategy, type CognitoVerifyOptions } from './strategy.ts';
export type { CognitoUser } from './user-api.ts';
