import { execFileSync, spawn, spawnSync } from 'node:child_process';

/** docker or podman: whichever answers here (docker first). */
function findEngine(): string {
  for (const engine of ['docker', 'podman']) {
    if (spawnSync(engine, ['info'], { stdio: 'ignore' }).status === 0) return engine;
  }
  throw new Error('neither docker nor podman answers on this machine (deploy/README.md says how to get one)');
}

export interface Engine {
  name: string;
  /** Runs a command to its end; its output, or an error with it. */
  run(args: string[], options?: { input?: string }): string;
  /** Starts a command in the background; resolves with its exit code and output. */
  start(args: string[]): { done: Promise<{ code: number | null; output: string }> };
  /** Image size in bytes. */
  size(image: string): number;
}

export function engine(name = findEngine()): Engine {
  return {
    name,
    run(args, options = {}) {
      return execFileSync(name, args, { encoding: 'utf8', input: options.input, maxBuffer: 64 * 1024 * 1024 });
    },
    start(args) {
      const child = spawn(name, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      return {
        done: new Promise((resolve) => child.once('exit', (code) => resolve({ code, output }))),
      };
    },
    size(image) {
      return Number(execFileSync(name, ['image', 'inspect', '--format', '{{.Size}}', image], { encoding: 'utf8' }));
    },
  };
}
