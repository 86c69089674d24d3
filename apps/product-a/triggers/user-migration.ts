/**
 * Product A's user migration trigger: a Cognito Lambda handler (`handler(event)` answering the
 * event), the same file for AWS Lambda and for the local login server (its pool file names the
 * build, dist/triggers/user-migration.js). It vouches for a person the login service does not know
 * yet by product A's own password hash, so that legacy users keep their password: Cognito (or the
 * login server) then makes the account with the password they typed.
 *
 * It reads product A's database directly (PRODUCT_A_DATABASE_URL: the local stack passes product A's
 * DATABASE_URL; on Lambda, the function's environment), with `pg` and `bcryptjs` only, so it stays
 * small and free of the app's code.
 */
import bcrypt from 'bcryptjs';
import pg from 'pg';

/** The part of Cognito's UserMigration event this handler reads and answers. */
interface UserMigrationEvent {
  triggerSource: string;
  userName: string;
  request: { password?: string };
  response: {
    userAttributes: Record<string, string> | null;
    finalUserStatus: string | null;
    messageAction: string | null;
  };
}

interface LegacyRow {
  email: string;
  displayName: string;
  legacyPasswordHash: string;
}

let pool: pg.Pool | undefined;

/** One small pool per process (a Lambda container keeps it between calls); idle, it lets the process exit. */
function database(): pg.Pool {
  const connectionString = process.env.PRODUCT_A_DATABASE_URL;
  if (!connectionString) throw new Error('PRODUCT_A_DATABASE_URL is not set');
  pool ??= new pg.Pool({ connectionString, max: 2, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
  return pool;
}

/** Cognito answers a thrown error like an unknown user: the person sees "Incorrect username or password." */
const refuse = (): never => {
  throw new Error('Bad password');
};

export async function handler(event: UserMigrationEvent): Promise<UserMigrationEvent> {
  const email = event.userName.trim().toLowerCase();
  const { rows } = await database().query<LegacyRow>(
    'SELECT email, "displayName", "legacyPasswordHash" FROM "User" WHERE email = $1 AND "legacyPasswordHash" IS NOT NULL',
    [email],
  );
  const row = rows[0] ?? refuse();
  if (event.triggerSource === 'UserMigration_Authentication') {
    if (!(await bcrypt.compare(event.request.password ?? '', row.legacyPasswordHash))) refuse();
    event.response.finalUserStatus = 'CONFIRMED';
  } else if (event.triggerSource === 'UserMigration_ForgotPassword') {
    // No password to check: the person proves the email with the reset code instead.
    event.response.finalUserStatus = 'RESET_REQUIRED';
  } else {
    throw new Error(`Unexpected trigger source ${event.triggerSource}`);
  }
  // Product A verified its users' emails when they signed up; the welcome message is not needed.
  event.response.userAttributes = { email: row.email, email_verified: 'true', name: row.displayName };
  event.response.messageAction = 'SUPPRESS';
  return event;
}
