import { randomBytes } from 'node:crypto';
import cookie from 'cookie';
import signature from 'cookie-signature';
import { z } from 'zod';

/** A time as JSON keeps it (ISO 8601) and as the code uses it (a Date). */
const time = z.codec(z.iso.datetime(), z.date(), {
  decode: (iso) => new Date(iso),
  encode: (date) => date.toISOString(),
});

/**
 * The session as the product keeps it, server-side (the browser only ever holds its id): read from
 * the database through this schema, written through it.
 */
const sessionData = z.object({
  userId: z.string(),
  /** The login service's user id. */
  sub: z.string(),
  /** The strategy's tokens (CognitoTokens), as they came. */
  tokens: z.object({
    accessToken: z.string(),
    idToken: z.string(),
    refreshToken: z.string().optional(),
    /** When the access token expires. */
    expiresAt: time,
  }),
  /** The verified ID token's claims, for the account page. */
  claims: z.record(z.string(), z.unknown()),
  signedInAt: time,
  /**
   * When the login service last vouched for the session (the sign-in, a refresh, or GetUser): the
   * next check is due a minute later. Rows from before it have none and are due at once.
   */
  checkedAt: time.optional(),
});

export type SessionData = z.output<typeof sessionData>;

/** A session row as the store reads it, with its user row (one read: every page pays for it). */
export interface StoredSession<User = unknown> {
  id: string;
  /** The session's data as stored (JSON): read through `sessionData` before use. */
  data: unknown;
  version: number;
  expiresAt: Date;
  user: User | null;
}

/** What is written for a session: everything but its id and version. */
export interface SessionWrite {
  userId: string | null;
  data: Record<string, unknown>;
  expiresAt: Date;
}

/**
 * Where sessions live, as this package needs them: each product's database implements it
 * (@sso/product-db), so that nothing here depends on a database.
 */
export interface SessionStore<User = unknown> {
  create(id: string, session: SessionWrite): Promise<void>;
  /** The live (unexpired) session and its user, or null. */
  read(id: string): Promise<StoredSession<User> | null>;
  /** Writes only if the row is still at `expectedVersion` (and bumps it); false when another write came first. */
  update(id: string, session: SessionWrite, expectedVersion: number): Promise<boolean>;
  delete(id: string): Promise<void>;
  /** Deletes the sessions that have expired (they are refused either way); returns how many. */
  sweepExpired(): Promise<number>;
}

export interface LiveSession<User = unknown> {
  id: string;
  data: SessionData;
  version: number;
  expiresAt: Date;
  user: User | null;
}

export type Sessions<User = unknown> = ReturnType<typeof createSessions<User>>;

/**
 * Database sessions behind a signed cookie that holds only a random id. The cookie is HttpOnly,
 * SameSite=Lax (sent on the login service's redirect back, not on cross-site posts), Secure on
 * https, and named per product: cookies ignore ports, so products on one host must not share names.
 */
export function createSessions<User>(options: {
  cookieName: string;
  secrets: string[];
  secure: boolean;
  maxAgeSeconds: number;
  store: SessionStore<User>;
  now?: () => Date;
}) {
  const now = options.now ?? (() => new Date());
  const attributes = { httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/' } as const;
  const serialize = (value: string, expires: Date, maxAge?: number) =>
    cookie.serialize(options.cookieName, value, {
      ...attributes,
      expires,
      ...(maxAge === undefined ? {} : { maxAge }),
    });

  /**
   * The session id from the signed cookie (HMAC-SHA256; the first secret signs, every secret is
   * accepted, so secrets rotate). Every page reads it: a synchronous HMAC, not Web Crypto's job.
   */
  const idOf = (request: Request): string | null => {
    const value = cookie.parse(request.headers.get('Cookie') ?? '')[options.cookieName];
    if (!value) return null;
    for (const secret of options.secrets) {
      const id = signature.unsign(value, secret);
      if (id) return id;
    }
    return null;
  };

  /** The stored session with its data read through the schema; data that does not fit is no session. */
  const live = (stored: StoredSession<User> | null): LiveSession<User> | null => {
    if (!stored) return null;
    const data = sessionData.safeParse(stored.data);
    return data.success ? { ...stored, data: data.data } : null;
  };
  const write = (data: SessionData, expiresAt: Date): SessionWrite => ({
    userId: data.userId,
    data: sessionData.encode(data),
    expiresAt,
  });

  /**
   * Requests of one person often come together (a page and the data its links prefetch): those that
   * arrive while their session is being read share that read instead of starting their own. Nothing
   * is kept once it returns, so a sign-out is never answered from memory.
   */
  const reading = new Map<string, Promise<StoredSession<User> | null>>();
  const readShared = (id: string) => {
    let pending = reading.get(id);
    if (!pending) {
      pending = options.store.read(id).finally(() => reading.delete(id));
      reading.set(id, pending);
    }
    return pending;
  };

  return {
    /** The request's live session, or null (no cookie, bad signature, unknown id or expired). */
    async read(request: Request): Promise<LiveSession<User> | null> {
      const id = idOf(request);
      return id ? live(await readShared(id)) : null;
    },

    /** Stores a new session; returns the Set-Cookie header that hands its id to the browser. */
    async create(data: SessionData): Promise<string> {
      const id = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now().getTime() + options.maxAgeSeconds * 1000);
      await options.store.create(id, write(data, expiresAt));
      return serialize(signature.sign(id, options.secrets[0]!), expiresAt);
    },

    /** Rewrites a session's data if nobody else wrote it since `version`; false when someone did. */
    async replace(session: LiveSession<User>, data: SessionData): Promise<boolean> {
      return options.store.update(session.id, write(data, session.expiresAt), session.version);
    },

    async reread(session: LiveSession<User>): Promise<LiveSession<User> | null> {
      return live(await options.store.read(session.id));
    },

    /** Deletes the request's session (if any); returns the Set-Cookie header that clears the cookie. */
    async destroy(request: Request): Promise<string> {
      const id = idOf(request);
      if (id) await options.store.delete(id);
      return serialize('', new Date(0), 0);
    },
  };
}
