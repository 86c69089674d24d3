/** Polls `check` until it is true; returns the seconds it took (or throws after `limitMs`). */
export async function secondsUntil(check: () => Promise<boolean>, limitMs: number, intervalMs = 25): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if (await check().catch(() => false)) return (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`not within ${limitMs / 1000} s`);
}

/** The first answer from `url` of a server that is starting; gives up when `exited` settles first. */
export async function firstAnswer(url: string, exited: Promise<unknown>, limitMs = 30_000): Promise<Response> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  let response: Response | undefined;
  await secondsUntil(
    async () => {
      if (!gone) response = await fetch(url);
      return true;
    },
    limitMs,
    100,
  ).catch(() => undefined);
  if (!response) throw new Error(`${url} never answered`);
  return response;
}
