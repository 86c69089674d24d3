type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/**
 * An error and what it wraps, nearest first: its `cause`s, the driver's error under a Prisma error
 * (`meta.driverAdapterError`), what a framework wrapped (`error`, as Remix's error responses do), the
 * members of an AggregateError. Classifications look for codes along it; they stop at a failed
 * HTTP request, whose socket errors are not the database's.
 */
export function* errorChain(error: unknown): Generator<Node> {
  const pending: unknown[] = [error];
  const seen = new Set<unknown>();
  while (pending.length && seen.size < 20) {
    const node = pending.shift();
    if (!isNode(node) || seen.has(node)) continue;
    seen.add(node);
    yield node;
    if (isNode(node.meta)) pending.push(node.meta.driverAdapterError);
    // What a failed HTTP request wraps (fetch's TypeError, which has no code) is the network's.
    if (node instanceof TypeError && node.message === 'fetch failed') continue;
    pending.push(node.cause, node.error);
    if (Array.isArray(node.errors)) pending.push(...node.errors);
  }
}

/** The codes along an error's chain: Prisma's (`code`, `errorCode`), the socket's, PostgreSQL's SQLSTATE (`originalCode` under Prisma). */
export function* codesOf(error: unknown): Generator<string> {
  for (const node of errorChain(error)) {
    for (const key of ['code', 'errorCode', 'originalCode']) {
      if (typeof node[key] === 'string') yield node[key];
    }
  }
}
