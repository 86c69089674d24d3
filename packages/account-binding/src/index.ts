export { bindAccount } from './bind-account.ts';
export type { AccountStore, BindableRow, BindingOutcome, BindingRefusal, Identity, LinkMethod } from './types.ts';
export { UniqueConflict } from './types.ts';
