import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SqlDriverAdapterFactory, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type * as Glue from '@prisma/schema-engine-wasm/schema_engine_bg';

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
 * Prisma's schema engine compiled to WASM. Node 20 cannot `import` a .wasm file, so the module is
 * instantiated by hand against its JS glue; this happens once per process (it takes ~1 s).
 */
function loadGlue(): Promise<typeof Glue> {
  glue ??= (async () => {
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
  })();
  return glue;
}

/**
 * Opens the engine on a schema and a database reached through a Prisma driver adapter. The engine's
 * own trace lines are dropped: failures come back as errors, and callers log what was applied.
 */
export async function openEngine(
  schema: { path: string; content: string },
  adapter: AdapterFactory,
): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadGlue();
  return SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(compatible(adapter) as SqlMigrationAwareDriverAdapterFactory),
  );
}

/**
 * Adapter quirks the engine trips on, mended at connection time:
 * - it needs the connection's schema name, which PGlite's adapter leaves undefined (PostgreSQL's
 *   default is `public`);
 * - PGlite's adapter runs `executeScript` without returning the promise, so the engine would get
 *   `undefined` before the script ran.
 */
function compatible(factory: AdapterFactory): AdapterFactory {
  type Connection = {
    getConnectionInfo?: () => { schemaName?: string };
    executeScript?: (script: string) => Promise<void>;
    client?: { exec?: (script: string) => Promise<unknown> };
  };
  const mend = async <T extends Connection>(pending: Promise<T>) => {
    const adapter = await pending;
    const info = adapter.getConnectionInfo?.bind(adapter);
    if (info && !info().schemaName) adapter.getConnectionInfo = () => ({ ...info(), schemaName: 'public' });
    const pglite = adapter.client;
    if (factory.adapterName.includes('pglite') && typeof pglite?.exec === 'function') {
      adapter.executeScript = async (script: string) => {
        await pglite.exec!(script);
      };
    }
    return adapter;
  };
  const wrapped: Record<string, unknown> = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => mend(factory.connect() as Promise<Connection>),
  };
  if ('connectToShadowDb' in factory) {
    wrapped.connectToShadowDb = () => mend(factory.connectToShadowDb() as Promise<Connection>);
  }
  return wrapped as unknown as AdapterFactory;
}

/** Tables and enums managed outside Prisma: none here. */
export const noFilters = { externalTables: [], externalEnums: [] };
