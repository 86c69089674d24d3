/**
 * The server's settings, all here. Everything else is PostgreSQL's default, as in the cluster's
 * `postgres` image, so local behaviour (locking, isolation, durability) matches production.
 */
export function settingsFor(options: { port: number; durable: boolean }): string[] {
  return [
    `port=${options.port}`,
    // Loopback only, and no Unix socket: the services connect over TCP, as in the cluster.
    'listen_addresses=127.0.0.1',
    'unix_socket_directories=',
    // The stack's pools need about 30 connections; PostgreSQL's default (100) reserves memory for more.
    'max_connections=50',
    // Startup and shutdown lines are enough; statements that fail are logged by the services.
    'log_min_messages=warning',
    'log_checkpoints=off',
    ...(options.durable
      ? []
      : // A throwaway cluster for tests: losing it on a crash costs nothing.
        ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
  ];
}
