import { connectDatabase, type DatabaseConnection } from '@sso/prisma-migrate/database';
import type { SessionStore } from '@sso/product-auth';
import { prismaSessionStore, type SessionDelegate, sweepExpiredSessions } from './session-store.ts';

export interface ProductDatabase<Client, User> {
  prisma: Client;
  sessions: SessionStore<User>;
  /** Where the data lives, for the start-up log. */
  location: string;
  /** True when the database answers within `timeoutMs` (readiness). */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Deletes expired sessions; returns how many. */
  sweepSessions(): Promise<number>;
  close(): Promise<void>;
}

interface ProductClient {
  session: SessionDelegate;
  $disconnect(): Promise<void>;
}

export interface OpenOptions {
  /** Create the demo's legacy users and their product data when missing (default: true). */
  seed?: boolean;
  /** Connections in the pool. */
  poolSize?: number;
  log?: (message: string) => void;
}

/**
 * Opens a product's database: applies its migrations (under a lock other instances wait for), seeds
 * it when asked, and returns its Prisma client with the session store on top.
 */
export async function openProductDatabase<Client extends ProductClient, User>(
  url: string,
  product: {
    schemaPath: string;
    createClient(adapter: DatabaseConnection['adapter']): Client;
    seed(client: Client): Promise<void>;
  },
  options: OpenOptions = {},
): Promise<ProductDatabase<Client, User>> {
  const connection = connectDatabase(url, options.poolSize ? { poolSize: options.poolSize } : {});
  const prisma = product.createClient(connection.adapter);
  try {
    await connection.prepare(
      product.schemaPath,
      options.seed === false ? undefined : () => product.seed(prisma),
      options.log,
    );
  } catch (error) {
    await prisma.$disconnect();
    await connection.close();
    throw error;
  }
  return {
    prisma,
    sessions: prismaSessionStore<User>(prisma.session, connection.pool),
    location: connection.location,
    ping: connection.ping,
    sweepSessions: () => sweepExpiredSessions(prisma.session),
    async close() {
      await prisma.$disconnect();
      await connection.close();
    },
  };
}
