import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { afterAll, afterEach } from 'vitest';

const started = new Set<ChildProcess>();

/**
 * Starts a process that the test file stops however its tests end (passed, failed, timed out):
 * each leads a process group of its own, and the whole group is killed, so that whatever it
 * started in turn goes too. Call `stopStartedProcesses()` once in the file.
 */
export function spawnStopped(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  started.add(child);
  return child;
}

function killGroup(child: ChildProcess): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The whole group is gone already.
  }
}

/** Kills every group started so far (a leader that exited may have left its group behind). */
async function stopAll(): Promise<void> {
  const children = [...started];
  started.clear();
  await Promise.all(
    children.map((child) => {
      const running = child.exitCode === null && child.signalCode === null;
      const exited = running ? new Promise((resolve) => child.once('exit', resolve)) : undefined;
      killGroup(child);
      return exited;
    }),
  );
}

/** After each test and after the file, and if the test process itself exits. */
export function stopStartedProcesses(): void {
  afterEach(stopAll);
  afterAll(stopAll);
  process.once('exit', () => {
    for (const child of started) killGroup(child);
  });
}
