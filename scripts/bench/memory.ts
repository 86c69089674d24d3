import { readdirSync, readFileSync } from 'node:fs';

/**
 * Memory of a set of processes and all their descendants (PostgreSQL's backends included), from
 * /proc. RSS counts shared pages once per process, so PostgreSQL's shared buffers would be counted
 * once per backend; PSS splits each shared page among the processes that map it, so the PSS sum is
 * what the stack really occupies. Both are reported.
 */
export interface Memory {
  processes: number;
  rssMb: number;
  pssMb: number;
  /** PSS by part of the stack (PostgreSQL's processes together), MB. */
  byPart: Record<string, number>;
}

/** Which part of the stack a process is, from its command line. */
function partOf(pid: number): string {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    if (command.includes('postgres')) return 'postgres';
    const app = /apps\/([\w-]+)\//.exec(command);
    if (app) return app[1]!;
    if (command.includes('scripts/start.mjs') || command.includes('local-stack')) return 'npm start';
    return command.split(' ')[0]!.split('/').at(-1)!;
  } catch {
    return 'gone';
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

function kilobytes(pid: number, field: 'Rss' | 'Pss'): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** The given processes and every descendant of theirs. */
function processTree(roots: number[]): number[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
  const members = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const pid of all) {
      const parent = parentOf(pid);
      if (!members.has(pid) && parent !== undefined && members.has(parent)) {
        members.add(pid);
        grew = true;
      }
    }
  }
  return [...members];
}

export function memoryOf(roots: number[]): Memory {
  const pids = processTree(roots);
  const sum = (field: 'Rss' | 'Pss') => pids.reduce((total, pid) => total + kilobytes(pid, field), 0) / 1024;
  const byPart: Record<string, number> = {};
  for (const pid of pids) byPart[partOf(pid)] = (byPart[partOf(pid)] ?? 0) + kilobytes(pid, 'Pss') / 1024;
  return { processes: pids.length, rssMb: sum('Rss'), pssMb: sum('Pss'), byPart };
}
