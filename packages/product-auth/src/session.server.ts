import { randomBytes } from 'node:crypto';
import { createCookie } from '@remix-run/node';

/** The session as the product keeps it, server-side; the browser only ever holds its id. */
export interface SessionData {
  userId: string;
  /** The login service's user id. */
  sub: string;
  tokens: {
    accessToken: string;
    idToken: string;
    refreshToken?: string;
    /** When the access token expires (ISO 8601). */
    expiresAt: string;
  };
  /** The verified ID token's claims, for the account page. */
  claims: Record<string, unknown>;
  signedInAt: string;
}

/** A session row as the store reads it, with its user row (one read: every page pays for it). */
export interface StoredSession<User = unknown> {
  id: string;
  userId: string | null;
  data: Record<string, unknown>;
  version: number;
  expiresAt: Date;
  user: User | null;
}

interface SessionWrite {
  userId: string | null;
  data: Record<string, unknown>;
  expiresAt: Date;
}

/** Where sessions live: each product's database (@sso/product-db implements this). */
export interface SessionStore<User = unknown> {
  create(id: string, session: SessionWrite): Promise<void>;
  /** The live (unexpired) session and its user, or null. */
  read(id: string): Promise<StoredSession<User> | null>;
  update(id: string, session: SessionWrite, expectedVersion?: number): Promise<boolean>;
  delete(id: string): Promise<void>;
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
  const cookie = createCookie(options.cookieName, {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: '/',
    secrets: options.secrets,
  });

  const idOf = async (request: Request): Promise<string | null> => {
    const value: unknown = await cookie.parse(request.headers.get('Cookie'));
    return typeof value === 'string' && value ? value : null;
  };

  const live = (stored: StoredSession<User> | null): LiveSession<User> | null =>
    stored && {
      id: stored.id,
      data: stored.data as unknown as SessionData,
      version: stored.version,
      expiresAt: stored.expiresAt,
      user: stored.user,
    };

  return {
    /** The request's live session, or null (no cookie, bad signature, unknown id or expired). */
    async read(request: Request): Promise<LiveSession<User> | null> {
      const id = await idOf(request);
      return id ? live(await options.store.read(id)) : null;
    },

    /** Stores a new session; returns the Set-Cookie header that hands its id to the browser. */
    async create(data: SessionData): Promise<string> {
      const id = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now().getTime() + options.maxAgeSeconds * 1000);
      await options.store.create(id, { userId: data.userId, data: { ...data }, expiresAt });
      return cookie.serialize(id, { expires: expiresAt });
    },

    /** Rewrites a session's data if nobody else wrote it since `version`; false when someone did. */
    async replace(session: LiveSession<User>, data: SessionData): Promise<boolean> {
      return options.store.update(
        session.id,
        { userId: data.userId, data: { ...data }, expiresAt: session.expiresAt },
        session.version,
      );
    },

    async reread(session: LiveSession<User>): Promise<LiveSession<User> | null> {
      return live(await options.store.read(session.id));
    },

    /** Deletes the request's session (if any); returns the Set-Cookie header that clears the cookie. */
    async destroy(request: Request): Promise<string> {
      const id = await idOf(request);
      if (id) await options.store.delete(id);
      return cookie.serialize('', { expires: new Date(0), maxAge: 0 });
    },
  };
}
