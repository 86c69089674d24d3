import { readMigrationSettings, runService } from '@sso/service';
import { loadConfig } from './config/load.ts';
import { migrateDatabase, startServer } from './server.ts';

/**
 * `node dist/main.js`: serves until SIGINT/SIGTERM, then drains and closes the database.
 * `node dist/main.js migrate`: applies the migrations and exits (keys and the pool file's clients and
 * users are made at start, under the same lock).
 */
await runService({
  name: 'login-server',
  async start() {
    const config = loadConfig();
    const server = await startServer(config);
    server.services.log.info(
      { issuer: config.issuer, listening: server.url, mailbox: `${config.server.baseUrl}/mailbox` },
      `login server ready at ${config.server.baseUrl} (issuer ${config.issuer})`,
    );
    return { log: server.services.log, close: server.close };
  },
  migrate: () => migrateDatabase(readMigrationSettings()),
});
