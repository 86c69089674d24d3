import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { waitUntilReady as waitUntilServiceReady } from '@sso/service';
import { repoRoot, type ServiceSpec } from './settings.ts';

const colours: Record<string, string> = { login: '35', A: '34', B: '32' };
const levels: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** One service's JSON log line, made readable: `12:00:01 [A] message key=value`. */
function readable(label: string, line: string): string {
  const tag = `\x1b[${colours[label] ?? '0'}m[${label}]\x1b[0m`;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${tag} ${line}`;
  }
  const { time, level, msg, service: _service, pid: _pid, hostname: _host, ...rest } = entry;
  const when = typeof time === 'number' ? new Date(time).toTimeString().slice(0, 8) : '';
  const severity = typeof level === 'number' && level >= 40 ? ` ${levels[level]}` : '';
  const extra = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${when} ${tag}${severity} ${String(msg ?? '')}${extra ? ` \x1b[2m${extra}\x1b[0m` : ''}`;
}

export interface Running {
  spec: ServiceSpec;
  child: ChildProcess;
  exited: Promise<number | null>;
}

export function startService(spec: ServiceSpec, print: (line: string) => void): Running {
  const child = spawn(process.execPath, [...spec.node, ...spec.args], {
    cwd: repoRoot,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => print(readable(spec.label, line)));
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { spec, child, exited };
}

/** Resolves when the service answers /ready; rejects if it exits first or takes too long. */
export function waitUntilReady(service: Running, timeoutMs = 120_000): Promise<void> {
  return waitUntilServiceReady(`${service.spec.url}/ready`, {
    name: service.spec.name,
    timeoutMs,
    exited: () => service.child.exitCode !== null || service.child.signalCode !== null,
  });
}

/** SIGTERM to each, then wait; SIGKILL whatever is still there after the grace period. */
export async function stopAll(services: Running[], graceMs = 10_000): Promise<void> {
  for (const service of services) if (service.child.exitCode === null) service.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const service of services) if (service.child.exitCode === null) service.child.kill('SIGKILL');
  }, graceMs);
  await Promise.all(services.map((s) => s.exited));
  clearTimeout(timer);
}
