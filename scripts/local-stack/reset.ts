import { rmSync } from 'node:fs';
import { dataDir } from './settings.ts';

/** `npm run reset`: forget every user, session and key of the local stack. */
rmSync(dataDir, { recursive: true, force: true });
console.log(`removed ${dataDir}`);
