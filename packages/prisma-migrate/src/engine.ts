import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type * as Glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';

export type AdapterFactory = SqlMigrationAwareDriverAdapterFactory | SqlDriverAdapterFactory;
export type SchemaEngine = Glue.SchemaEngine;

const require = createRequire(import.meta.url);

/** The slice of Node's WebAssembly global used here (@types/node does not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: object };
}
const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: WasmApi };

let glue: Promise<typeof Glue> | undefined;

/**
 * Prisma's schema engine compiled to WASM, instantiated once per process against its JS glue (Node
 * cannot `import` a .wasm file without a flag). Loading takes about a second and tens of MB, so it
 * happens only when there is migration work (see `pendingMigrations`).
 */
function loadGlue(): Promise<typeof Glue> {
  glue ??= instantiate();
  return glue;
}

async function instantiate(): Promise<typeof Glue> {
  const bindings = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as typeof Glue & {
    __wbg_set_wasm(exports: object): void;
  };
  // The .wasm is not in the package's exports: find it beside the glue.
  const wasmFile = path.join(
    path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
    'schema_engine_bg.wasm',
  );
  const module = new wasm.Module(readFileSync(wasmFile));
  const instance = new wasm.Instance(module, { './schema_engine_bg.js': bindings });
  bindings.__wbg_set_wasm(instance.exports);
  // What the package's own entry does next: fills the table that holds undefined/null/true/false.
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  return bindings;
}

/**
 * Opens the engine on a schema and a database reached through a Prisma driver adapter (whose
 * connection info must name the schema, e.g. `new PrismaPg(url, { schema: 'public' })`). The
 * engine's own trace lines are dropped: failures come back as errors, and callers log what was applied.
 */
export async function openEngine(
  schema: { path: string; content: string },
  adapter: AdapterFactory,
): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadGlue();
  return SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapter as SqlMigrationAwareDriverAdapterFactory),
  );
}

/** PostgreSQL's one-byte `"char"` type (catalog columns such as pg_constraint.contype), and `text`. */
const charOid = 18;
const textOid = 25;
/** ColumnTypeEnum.Character of @prisma/driver-adapter-utils. */
const characterColumn = 6;

type Query = object;
interface Queryable {
  performIO(query: Query): Promise<{ fields: { dataTypeID: number }[] }>;
  queryRaw(query: Query): Promise<{ columnTypes: number[] }>;
  startTransaction?(isolationLevel?: unknown): Promise<Queryable>;
}

/**
 * The engine reads PostgreSQL's catalogs when it diffs a database against a schema, and expects
 * their `"char"` columns as Character; the Prisma pg adapter refuses that type. node-postgres already
 * reads the values as strings: this tells the adapter the column is text, then the engine it is a
 * Character. Per connection, so the services' own adapter is untouched.
 */
function mendCharColumns<T extends Queryable>(queryable: T): T {
  const charColumns = new WeakMap<Query, number[]>();
  const performIO = queryable.performIO.bind(queryable);
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const columns = result.fields.flatMap((field, i) => (field.dataTypeID === charOid ? [i] : []));
    for (const i of columns) result.fields[i]!.dataTypeID = textOid;
    if (columns.length) charColumns.set(query, columns);
    return result;
  };
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumns.get(query) ?? []) result.columnTypes[i] = characterColumn;
    return result;
  };
  const startTransaction = queryable.startTransaction?.bind(queryable);
  if (startTransaction) queryable.startTransaction = async (level) => mendCharColumns(await startTransaction(level));
  return queryable;
}

/**
 * A driver adapter for the schema engine on `connectionString`, with a pool of its own that `end`
 * closes (the engine does not close connections it was given).
 */
export function engineAdapter(connectionString: string): { adapter: AdapterFactory; end(): Promise<void> } {
  const pool = new pg.Pool({ connectionString, max: 2 });
  pool.on('error', () => {});
  const factory = new PrismaPg(pool, { schema: 'public' });
  const adapter = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => mendCharColumns((await factory.connect()) as unknown as Queryable),
  } as unknown as AdapterFactory;
  return { adapter, end: () => pool.end() };
}

/** Tables and enums managed outside Prisma: none here. */
export const noFilters = { externalTables: [], externalEnums: [] };
