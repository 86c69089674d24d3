import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defaults } from '../config/defaults.ts';
import { type AppClientSettings, appClientSettings } from '../config/schema.ts';
import type { AppClient as AppClientRow, PrismaClient } from '../generated/prisma/client.ts';

export interface AppClient {
  clientId: string;
  clientName: string;
  clientSecret?: string;
  settings: AppClientSettings;
  createdAt: Date;
  updatedAt: Date;
}

/** Settings as stored: already validated, so reading them back only re-checks the shape. */
const storedSettings = appClientSettings.extend({
  tokenValidity: z.object({ accessToken: z.number(), idToken: z.number(), refreshToken: z.number() }),
});

function fromRow(row: AppClientRow): AppClient {
  return {
    clientId: row.clientId,
    clientName: row.clientName,
    clientSecret: row.clientSecret ?? undefined,
    settings: storedSettings.parse(row.settings),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * The pool's app clients, from the config file and the admin API; stored so every instance sees them.
 * This store is where a client's Cognito settings live: oidc-provider gets only standard metadata.
 * Every protocol request looks its client up (often several times), so a found client is kept in
 * memory for `cacheSeconds`: a change through the admin API is seen at once by the instance that
 * made it and within that time by the others.
 */
export class AppClients {
  private readonly cache = new Map<string, { client: AppClient; until: number }>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly cacheSeconds = defaults.clientCacheSeconds,
  ) {}

  async find(clientId: string): Promise<AppClient | undefined> {
    const cached = this.cache.get(clientId);
    if (cached && cached.until > Date.now()) return cached.client;
    const row = await this.prisma.appClient.findUnique({ where: { clientId } });
    if (!row) {
      this.cache.delete(clientId);
      return undefined;
    }
    return this.remember(fromRow(row));
  }

  /**
   * A client's settings as this instance last read them, without going to storage (so possibly
   * older than `cacheSeconds`); undefined for a client it has not read or knows to be gone.
   */
  loadedSettings(clientId: string): AppClientSettings | undefined {
    return this.cache.get(clientId)?.client.settings;
  }

  async list(): Promise<AppClient[]> {
    const rows = await this.prisma.appClient.findMany({ orderBy: { createdAt: 'asc' } });
    return rows.map(fromRow);
  }

  /** Creates or replaces a client (the config file is the source of truth for the clients it declares). */
  async put(client: Omit<AppClient, 'createdAt' | 'updatedAt'>): Promise<AppClient> {
    const data = {
      clientName: client.clientName,
      clientSecret: client.clientSecret ?? null,
      settings: client.settings,
    };
    const row = await this.prisma.appClient.upsert({
      where: { clientId: client.clientId },
      create: { clientId: client.clientId, ...data },
      update: data,
    });
    return this.remember(fromRow(row));
  }

  async delete(clientId: string): Promise<boolean> {
    const { count } = await this.prisma.appClient.deleteMany({ where: { clientId } });
    this.cache.delete(clientId);
    return count > 0;
  }

  private remember(client: AppClient): AppClient {
    this.cache.set(client.clientId, { client, until: Date.now() + this.cacheSeconds * 1000 });
    return client;
  }

  /** Cognito's generated ids are 26 lower-case alphanumerics; secrets are 51 characters. */
  static generateId(): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    return Array.from(randomBytes(26), (b) => alphabet[b % alphabet.length]).join('');
  }

  static generateSecret(): string {
    return randomBytes(38).toString('base64url').slice(0, 51);
  }
}
