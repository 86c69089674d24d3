import pg from 'pg';

const { escapeIdentifier, escapeLiteral } = pg;

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Fills in a psql script's variables the way `psql -v service=… -v password=…` does: `:"name"` as
 * an identifier, `:'name'` as a literal. The cluster's init script runs the same file with psql.
 */
export function fillIn(script: string, variables: Record<string, string>): string[] {
  const filled = script.replace(/:(["'])(\w+)\1/g, (match, quote: string, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`the script uses ${match}, which has no value`);
    return quote === '"' ? escapeIdentifier(value) : escapeLiteral(value);
  });
  // One statement at a time: CREATE DATABASE cannot run inside the implicit transaction of a batch.
  return filled
    .split(/;\s*$/m)
    .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}

export interface ServiceDatabase {
  service: string;
  password: string;
  /** The psql script that makes the role and the database (deploy/k8s/base/postgres/service-database.psql). */
  script: string;
}

/**
 * Makes a service's role and database when missing, as the cluster's init script does, and returns
 * the service's own connection URL. An existing role gets `password` again (the data folder may
 * have been made with another).
 */
export async function ensureServiceDatabase(adminUrl: string, database: ServiceDatabase): Promise<string> {
  await withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database.service]);
    if (rowCount) {
      await client.query(
        `ALTER ROLE ${escapeIdentifier(database.service)} PASSWORD ${escapeLiteral(database.password)}`,
      );
      return;
    }
    for (const statement of fillIn(database.script, { service: database.service, password: database.password })) {
      await client.query(statement);
    }
  });
  const url = new URL(adminUrl);
  url.username = database.service;
  url.password = database.password;
  url.pathname = `/${database.service}`;
  return url.href;
}

/** A new empty database (a copy of `template` when given); returns its URL. For tests. */
export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  await withClient(adminUrl, (client) =>
    client.query(
      `CREATE DATABASE ${escapeIdentifier(name)}${template ? ` TEMPLATE ${escapeIdentifier(template)} STRATEGY FILE_COPY` : ''}`,
    ),
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`),
  );
}
