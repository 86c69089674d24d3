/** Who the login service says signed in: the parts of the verified ID token that binding needs. */
export interface Identity {
  /** The identity provider's stable user id (Cognito's `sub`). */
  sub: string;
  email?: string | undefined;
  /** Only a verified email may claim an existing row. */
  emailVerified: boolean;
  name?: string | undefined;
}

/** How a product row came to be bound to an identity (recorded on the row). */
export type LinkMethod = 'CREATED' | 'VERIFIED_EMAIL';

/** The identity columns every product's user row has, whatever else it holds. */
export interface BindableRow {
  id: string;
  email: string;
  identitySub: string | null;
}

/**
 * A product's user table, as binding needs it. Each product implements it over its own database;
 * the uniqueness of `identitySub` and `email` there is what makes binding race-safe.
 */
export interface AccountStore<Row extends BindableRow> {
  findBySub(sub: string): Promise<Row | null>;
  /** `email` is already lower-cased. */
  findByEmail(email: string): Promise<Row | null>;
  /** Binds the row to `sub` only if it is still unbound; null when another sign-in bound it first. */
  bindIfUnbound(rowId: string, sub: string, method: LinkMethod, at: Date): Promise<Row | null>;
  /**
   * Creates a row bound to the identity. Throws `UniqueConflict` when a row with the same sub or
   * email appeared meanwhile.
   */
  createBound(identity: Identity & { email: string }, at: Date): Promise<Row>;
}

/** Thrown by `AccountStore.createBound` when a unique column collides. */
export class UniqueConflict extends Error {
  override name = 'UniqueConflict';
}

export type BindingOutcome<Row> =
  /** Found by sub: the person has been here since the universal login. */
  | { kind: 'returning'; user: Row }
  /** An existing row with the same verified email was bound now. */
  | { kind: 'linked'; user: Row }
  /** A new row was made. */
  | { kind: 'created'; user: Row }
  | { kind: 'refused'; reason: BindingRefusal };

export type BindingRefusal =
  /** A row with this email exists, but the login service has not verified the email. */
  | 'email_unverified'
  /** A row with this email is already bound to another identity. */
  | 'email_bound_to_other'
  /** No email to find or make a row with (the app asked for no `email` scope). */
  | 'email_missing';
