/**
 * The server's settings, all here. Everything else is PostgreSQL's default, as in the cluster's
 * `postgres` image, so local behaviour (locking, isolation, durability) matches production.
 */
export function settingsFor(options: { port: number; durable: boolean; everyAddress?: boolean }): string[] {
  return [
    `port=${options.port}`,
    // Loopback only (unless asked, in a network namespace of the caller's), and no Unix socket: the
    // services connect over TCP, as in the cluster.
    `listen_addresses=${options.everyAddress ? '*' : '127.0.0.1'}`,
    'unix_socket_directories=',
    // The stack's pools need about 15 connections; PostgreSQL's default (100) reserves memory for more.
    'max_connections=50',
    // Reads and writes from the backends themselves (PostgreSQL 17's way) instead of three I/O worker
    // processes: the same results, about 10 MB less for a database this small.
    'io_method=sync',
    // Startup and shutdown lines are enough; statements that fail are logged by the services.
    'log_min_messages=warning',
    'log_checkpoints=off',
    ...(options.durable
      ? []
      : // A throwaway cluster for tests: losing it on a crash costs nothing.
        ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
  ];
}
