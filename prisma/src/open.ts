import path from 'node:path';
import type { AccountStore, BindableRow } from '@sso/account-binding';
import { connectDatabase, type DatabaseConnection } from '@sso/prisma-migrate/database';
import type { SessionStore } from '@sso/product-auth';
import { packageRoot } from '@sso/service';
import { prismaAccountStore, type UserDelegate } from './account-store.ts';
import { prismaSessionStore, type SessionDelegate } from './session-store.ts';

/** A product's database: its Prisma client, and the stores the sign-in uses on top of it. */
export interface ProductDatabase<Client, User extends BindableRow> {
  prisma: Client;
  /** Its sessions (the interface is @sso/product-auth's). */
  sessions: SessionStore<User>;
  /** Its user rows as account binding reads and writes them (the interface is @sso/account-binding's). */
  accounts: AccountStore<User>;
  /** Where the data lives, for the start-up log. */
  location: string;
  /** True when the database answers within `timeoutMs` (readiness). */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

interface ProductClient<User> {
  user: UserDelegate<User>;
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
 * How to open one product's database: its folder here (schema.prisma and migrations/), its
 * generated client and its demo data. Opening applies its migrations (under a lock other instances
 * wait for), seeds it when asked, and puts the stores on top of the client.
 */
export function productDatabase<Client extends ProductClient<User>, User extends BindableRow>(
  folder: 'product-a' | 'product-b',
  PrismaClient: new (options: { adapter: DatabaseConnection['adapter'] }) => Client,
  seed: (client: Client) => Promise<void>,
) {
  const schemaPath = path.join(packageRoot('@sso/product-db', import.meta.url), folder, 'schema.prisma');
  return async (url: string, options: OpenOptions = {}): Promise<ProductDatabase<Client, User>> => {
    const connection = connectDatabase(url, options.poolSize ? { poolSize: options.poolSize } : {});
    const prisma = new PrismaClient({ adapter: connection.adapter });
    try {
      await connection.prepare(schemaPath, options.seed === false ? undefined : () => seed(prisma), options.log);
    } catch (error) {
      await prisma.$disconnect();
      await connection.close();
      throw error;
    }
    return {
      prisma,
      sessions: prismaSessionStore<User>(prisma.session, connection.pool),
      accounts: prismaAccountStore<User>(prisma.user),
      location: connection.location,
      ping: connection.ping,
      async close() {
        await prisma.$disconnect();
        await connection.close();
      },
    };
  };
}
