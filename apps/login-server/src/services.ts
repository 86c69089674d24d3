import path from 'node:path';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { ServerConfig } from './config/load.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { FlowLog } from './inspector/flow-log.ts';
import type { ServerKeys } from './oidc/keys.ts';
import { ChallengeSessions } from './pool/challenge-sessions.ts';
import { AppClients } from './pool/clients.ts';
import { Codes } from './pool/codes.ts';
import { Emails } from './pool/emails.ts';
import { Groups } from './pool/groups.ts';
import { Mailbox } from './pool/mailbox.ts';
import { SelfService } from './pool/self-service.ts';
import { SoftwareTokens } from './pool/software-tokens.ts';
import { TotpSecretBox } from './pool/totp.ts';
import { type Clock, Users } from './pool/users.ts';
import { Triggers } from './triggers/triggers.ts';

/** Everything a route needs, built once at start-up. */
export interface Services {
  config: ServerConfig;
  log: Logger;
  prisma: PrismaClient;
  /** The pool under `prisma`, for the protocol state's SQL (oidc/adapter.ts). */
  pool: pg.Pool;
  keys: ServerKeys;
  users: Users;
  clients: AppClients;
  groups: Groups;
  mailbox: Mailbox;
  /** The emails the pool sends its users, worded by the custom message trigger when there is one. */
  emails: Emails;
  selfService: SelfService;
  /** Sign-ins waiting for the answer to a challenge (hosted page and API alike). */
  challengeSessions: ChallengeSessions;
  /** The pool's Lambda triggers (pool file `triggers`). */
  triggers: Triggers;
  /** Users' TOTP authenticators (MFA). */
  softwareTokens: SoftwareTokens;
  /** Recent sign-ins step by step, when the pool file turns the inspector on (`server.inspector`). */
  flows: FlowLog | undefined;
}

export function createServices(
  config: ServerConfig,
  log: Logger,
  prisma: PrismaClient,
  pool: pg.Pool,
  keys: ServerKeys,
  now?: Clock,
): Services {
  const triggers = new Triggers(
    config.triggers,
    { region: config.server.region, userPoolId: config.server.userPoolId },
    log,
    path.dirname(config.configFile),
  );
  const users = new Users(prisma, config, now, triggers);
  const mailbox = new Mailbox(prisma, log);
  const emails = new Emails(mailbox, triggers);
  const selfService = new SelfService(config, users, new Codes(prisma, now), emails, triggers);
  return {
    config,
    log,
    prisma,
    pool,
    keys,
    users,
    clients: new AppClients(prisma),
    groups: new Groups(prisma),
    mailbox,
    emails,
    selfService,
    challengeSessions: new ChallengeSessions(prisma, now),
    triggers,
    softwareTokens: new SoftwareTokens(prisma, config, users, new TotpSecretBox(keys.totpKey), now),
    flows: config.server.inspector ? new FlowLog() : undefined,
  };
}
