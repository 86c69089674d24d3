export { createProductAuth, type ProductAuth, type SignedIn } from './auth.server.ts';
export { createCognitoProvider } from './cognito.server.ts';
export { defaults } from './defaults.ts';
export type { IdentityProvider, SignIn, SignInFailure, Tokens } from './identity-provider.ts';
export type { Problem, ProblemCode } from './problems.ts';
export type { SessionData, SessionStore, SessionWrite, StoredSession } from './session.server.ts';
export { type ProductSettings, readSettings, SettingsError } from './settings.server.ts';
