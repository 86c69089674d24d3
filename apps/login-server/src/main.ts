import { ConfigError } from './config/errors.ts';
import { loadConfig } from './config/load.ts';
import { startServer } from './server.ts';

/** `npm start`: run the login server until SIGINT/SIGTERM, then close connections and the database. */
async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const server = await startServer(config);
  const { log } = server.services;
  log.info(
    { issuer: config.issuer, listening: server.url, mailbox: `${config.server.baseUrl}/mailbox` },
    `login server ready at ${config.server.baseUrl} (issuer ${config.issuer})`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    await server.close();
    clearTimeout(timer);
    log.info('stopped');
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(`login server failed to start: ${(error as Error).message}`);
  process.exit(1);
});
