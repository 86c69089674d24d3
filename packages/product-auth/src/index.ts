export { createProductAuth, type ProductAuth, type SignedIn, sessionMaxAgeSeconds } from './auth.server.ts';
export { createCognitoProvider } from './cognito.server.ts';
export type { IdentityProvider, SignIn, SignInFailure, Tokens } from './identity-provider.ts';
export { SignInError } from './identity-provider.ts';
export { type Problem, type ProblemCode, problem, problems } from './problems.ts';
export { safeReturnTo } from './return-to.ts';
export type { SessionData, SessionStore, StoredSession } from './session.server.ts';
export { type ProductSettings, readSettings, SettingsError } from './settings.server.ts';
export { refreshAheadSeconds } from './token-refresh.server.ts';
