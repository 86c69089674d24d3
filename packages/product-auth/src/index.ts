export {
  cognitoStrategy,
  createProductAuth,
  type ProductAuth,
  type SignedIn,
  type SignInFailure,
} from './auth.server.ts';
export { defaults } from './defaults.ts';
export type { SessionStore, SessionWrite, StoredSession } from './session.server.ts';
export { type ProductSettings, readSettings } from './settings.server.ts';
