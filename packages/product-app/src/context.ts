import type { AccountStore, BindableRow } from '@sso/account-binding';
import type { ProductAuth, SessionStore } from '@sso/product-auth';
import type { AccountUser } from './account.ts';

/** A product's database as the shell needs it (@sso/product-db opens one per product). */
interface ProductDatabase<User extends BindableRow = AccountUser> {
  sessions: SessionStore<User>;
  accounts: AccountStore<User>;
  /** Where the data lives, for the start-up log. */
  location: string;
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * What an app tells the shell about its types: its database, and through it its user rows. An app
 * declares `declare module '@sso/product-app' { interface Register { database: ProductADatabase } }`;
 * its loaders, and the shell's own routes in its build, then see its rows in the load context.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by each app through declaration merging
export interface Register {}

/** The registered database's type (the shell's own view when no app is in the program). */
export type Database = Register extends { database: infer Db extends ProductDatabase<BindableRow> }
  ? Db
  : ProductDatabase;

/** The registered product's user rows. */
export type User = Database extends ProductDatabase<infer Row> ? Row & AccountUser : AccountUser;

/** How a product authorizes people and what data it keeps for them, for the shell's pages. */
export interface ProductPages {
  /** How the product authorizes the person, in words: e.g. role, admin (home and account pages). */
  access(user: User): { label: string; value: string };
  /** The person's product data on the account page, e.g. their projects. */
  accountItems(db: Database, user: User): Promise<{ title: string; names: string[] }>;
}

declare module '@remix-run/node' {
  /** What the product server hands every loader and action (server/index.ts fills it). */
  interface AppLoadContext {
    /** The sign-in for this request: its loaders share one session lookup. */
    auth: ProductAuth<User>;
    db: Database;
    /** The product's part of the shell's pages. */
    pages: ProductPages;
    /**
     * For the server entry's handleError: a failure Remix caught in a loader, an action or a
     * render. The server logs it once; a database outage makes the answer a 503 with Retry-After.
     */
    reportError(error: unknown): void;
    /** This response's Content-Security-Policy nonce (server/security-headers.ts), for its inline scripts. */
    cspNonce: string;
  }
}
