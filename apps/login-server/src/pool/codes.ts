import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { type CodePurpose, Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import { CognitoError, messages } from './errors.ts';
import type { Clock } from './users.ts';

const maxAttempts = 5;
const sha256 = (code: string) => createHash('sha256').update(code).digest('hex');

/**
 * One-time codes for email verification and password reset: 6 digits, one live code per user and
 * purpose (a new one replaces the old), a few attempts, then Cognito's "Attempt limit exceeded".
 */
export class Codes {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: Clock = () => new Date(),
  ) {}

  async issue(userSub: string, purpose: CodePurpose, lifetimeMinutes: number): Promise<string> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const data = {
      codeHash: sha256(code),
      attempts: 0,
      expiresAt: new Date(this.now().getTime() + lifetimeMinutes * 60_000),
    };
    await this.prisma.verificationCode.upsert({
      where: { userSub_purpose: { userSub, purpose } },
      create: { userSub, purpose, ...data },
      update: data,
    });
    return code;
  }

  /**
   * Checks and uses up a code; throws Cognito's CodeMismatch / ExpiredCode / LimitExceeded. Like the
   * sign-in counter, each try counts itself atomically before the code is compared (one UPDATE that
   * only matches a live code with attempts left, and returns it), so concurrent tries cannot all read
   * the same count: no more than `maxAttempts` tries are ever compared, right or wrong.
   */
  async redeem(userSub: string, purpose: CodePurpose, code: string): Promise<void> {
    const key = { userSub_purpose: { userSub, purpose } };
    let stored: { id: string; codeHash: string };
    try {
      stored = await this.prisma.verificationCode.update({
        where: { ...key, expiresAt: { gt: this.now() }, attempts: { lt: maxAttempts } },
        data: { attempts: { increment: 1 } },
        select: { id: true, codeHash: true },
      });
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025')) throw error;
      const live = await this.prisma.verificationCode.findUnique({ where: key });
      if (live && live.expiresAt > this.now()) {
        throw new CognitoError('LimitExceededException', messages.codeAttemptsExceeded);
      }
      throw new CognitoError('ExpiredCodeException', messages.codeExpired);
    }
    const given = Buffer.from(sha256(code.trim()));
    if (!timingSafeEqual(given, Buffer.from(stored.codeHash))) {
      throw new CognitoError('CodeMismatchException', messages.codeMismatch);
    }
    // deleteMany: a code redeemed twice at once succeeds only once.
    const used = await this.prisma.verificationCode.deleteMany({ where: { id: stored.id } });
    if (used.count === 0) throw new CognitoError('ExpiredCodeException', messages.codeExpired);
  }
}
