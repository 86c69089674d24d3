import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { dataDir, postgres } from './settings.ts';

/** `npm run reset`: forget every user, session and key of the local stack (it must be stopped). */
const lockFile = path.join(postgres.dir, 'postmaster.pid');
if (existsSync(lockFile)) {
  const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    console.error(`The stack's PostgreSQL is running (pid ${pid}): stop the stack (Ctrl-C in its terminal) first.`);
    process.exit(1);
  } catch {
    // not running: a stale lock file
  }
}
rmSync(dataDir, { recursive: true, force: true });
console.log(`removed ${dataDir}`);
