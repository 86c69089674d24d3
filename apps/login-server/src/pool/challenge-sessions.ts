import { createHash, randomBytes } from 'node:crypto';
import { defaults } from '../config/defaults.ts';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import type { Clock } from './users.ts';

/** A sign-in waiting for the answer to one challenge. */
export interface ChallengeSession {
  clientId: string;
  /** The user; null when the login named nobody (the sign-in then fails like a wrong password). */
  userSub: string | null;
  /** What was typed to sign in. */
  login: string;
  /** Cognito's ChallengeName: PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED, ... */
  challenge: string;
  /** The challenge's own facts. */
  state: Record<string, unknown>;
}

/** What a session must have been started for. */
interface Expected {
  challenge: string;
  clientId?: string;
}

/** Why a session could not be used: Cognito tells an expired one from one it does not know (or used). */
export type SessionProblem = 'invalid' | 'expired';

const hashOf = (value: string) => createHash('sha256').update(value).digest('hex');

/** How long an expired session is still recognised as expired, before it is swept away. */
const keptAfterExpiry = 60 * 60_000;

/**
 * Cognito's `Session` strings (and SRP's SECRET_BLOCK, which plays the same part): stored, so that any
 * instance can take the answer; single-use; valid 3 minutes. Only a hash of each value is kept.
 */
export class ChallengeSessions {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: Clock = () => new Date(),
  ) {}

  /** Starts a session and returns the value to hand out (`value`: one made by the caller, e.g. SRP's SECRET_BLOCK). */
  async start(session: ChallengeSession, value = randomBytes(96).toString('base64')): Promise<string> {
    await this.prisma.authSession.create({
      data: {
        tokenHash: hashOf(value),
        clientId: session.clientId,
        userSub: session.userSub,
        login: session.login,
        challenge: session.challenge,
        state: session.state as Prisma.InputJsonObject,
        expiresAt: new Date(this.now().getTime() + defaults.client.authSessionSeconds * 1000),
      },
    });
    return value;
  }

  /**
   * Uses a session up (it is gone whatever the answer turns out to be), if it was started for this
   * challenge (and client, when the request names one: AssociateSoftwareToken and
   * VerifySoftwareToken do not) and has not expired.
   */
  async redeem(value: string, expected: Expected): Promise<ChallengeSession | SessionProblem> {
    let row: Prisma.AuthSessionGetPayload<object>;
    try {
      // One DELETE that returns the row: of two concurrent answers, only one gets it.
      row = await this.prisma.authSession.delete({ where: { tokenHash: hashOf(value) } });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') return 'invalid';
      throw error;
    }
    return this.checked(row, expected);
  }

  /**
   * One try at a code (an MFA challenge, where a person may mistype): counted before the code is
   * compared, so that concurrent tries cannot share one, and refused once `defaults.pool.mfaCodeAttempts`
   * are spent. The session stays for the next try; `finish` uses it up when the code was right.
   */
  async attempt(value: string, expected: Expected): Promise<ChallengeSession | SessionProblem> {
    let row: Prisma.AuthSessionGetPayload<object>;
    try {
      row = await this.prisma.authSession.update({
        where: { tokenHash: hashOf(value), attempts: { lt: defaults.pool.mfaCodeAttempts } },
        data: { attempts: { increment: 1 } },
      });
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025')) throw error;
      // Unknown, used, or out of tries: gone either way.
      await this.prisma.authSession.deleteMany({ where: { tokenHash: hashOf(value) } });
      return 'invalid';
    }
    const checked = this.checked(row, expected);
    // A session tried for another client or challenge is spent, as `redeem` spends it.
    if (typeof checked === 'string') await this.prisma.authSession.deleteMany({ where: { tokenHash: hashOf(value) } });
    return checked;
  }

  /** Uses up a session whose code was right; false when another answer used it first. */
  async finish(value: string): Promise<boolean> {
    const { count } = await this.prisma.authSession.deleteMany({ where: { tokenHash: hashOf(value) } });
    return count === 1;
  }

  private checked(row: Prisma.AuthSessionGetPayload<object>, expected: Expected): ChallengeSession | SessionProblem {
    if (row.challenge !== expected.challenge) return 'invalid';
    if (expected.clientId !== undefined && row.clientId !== expected.clientId) return 'invalid';
    if (row.expiresAt <= this.now()) return 'expired';
    return {
      clientId: row.clientId,
      userSub: row.userSub,
      login: row.login,
      challenge: row.challenge,
      state: row.state as Record<string, unknown>,
    };
  }

  /** Forgets sessions that expired a while ago; returns how many went. */
  async sweep(): Promise<number> {
    const { count } = await this.prisma.authSession.deleteMany({
      where: { expiresAt: { lt: new Date(this.now().getTime() - keptAfterExpiry) } },
    });
    return count;
  }
}
