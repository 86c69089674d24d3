import { connectDatabase, type DatabaseConnection } from '@sso/prisma-migrate/database';
import type { SessionStore } from '@sso/product-auth';
import { prismaSessionStore, type SessionDelegate, sweepExpiredSessions } from './session-store.ts';

export interface ProductDatabase<Client> {
  prisma: Client;
  sessions: SessionStore;
  /** Where the data lives, for the start-up log. */
  location: string;
  /** True when the database answers (readiness). */
  ping(): Promise<boolean>;
  /** Deletes expired sessions; returns how many. */
  sweepSessions(): Promise<number>;
  close(): Promise<void>;
}

interface ProductClient {
  session: SessionDelegate;
  $queryRawUnsafe(query: string): PromiseLike<unknown>;
  $disconnect(): Promise<void>;
}

export interface OpenOptions {
  /** Create the demo's legacy users and their product data when missing (default: true). */
  seed?: boolean;
  log?: (message: string) => void;
}

/**
 * Opens a product's database: applies its migrations (under a lock other instances wait for), seeds
 * it when asked, and returns its Prisma client with the session store on top.
 */
export async function openProductDatabase<Client extends ProductClient>(
  url: string,
  product: {
    schemaPath: string;
    createClient(adapter: DatabaseConnection['adapter']): Client;
    seed(client: Client): Promise<void>;
  },
  options: OpenOptions = {},
): Promise<ProductDatabase<Client>> {
  const connection = await connectDatabase(url);
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
    sessions: prismaSessionStore(prisma.session),
    location: connection.location,
    async ping() {
      try {
        await prisma.$queryRawUnsafe('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    sweepSessions: () => sweepExpiredSessions(prisma.session),
    async close() {
      await prisma.$disconnect();
      await connection.close();
    },
  };
}
