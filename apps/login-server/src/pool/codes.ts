import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { CodePurpose, PrismaClient } from '../generated/prisma/client.ts';
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

  /** Checks and uses up a code; throws Cognito's CodeMismatch / ExpiredCode / LimitExceeded. */
  async redeem(userSub: string, purpose: CodePurpose, code: string): Promise<void> {
    const stored = await this.prisma.verificationCode.findUnique({ where: { userSub_purpose: { userSub, purpose } } });
    if (!stored || stored.expiresAt <= this.now()) {
      throw new CognitoError('ExpiredCodeException', messages.codeExpired);
    }
    if (stored.attempts >= maxAttempts) {
      throw new CognitoError('LimitExceededException', messages.codeAttemptsExceeded);
    }
    const given = Buffer.from(sha256(code.trim()));
    if (!timingSafeEqual(given, Buffer.from(stored.codeHash))) {
      await this.prisma.verificationCode.update({ where: { id: stored.id }, data: { attempts: { increment: 1 } } });
      throw new CognitoError('CodeMismatchException', messages.codeMismatch);
    }
    // deleteMany: a code redeemed twice at once succeeds only once.
    const { count } = await this.prisma.verificationCode.deleteMany({ where: { id: stored.id } });
    if (count === 0) throw new CognitoError('ExpiredCodeException', messages.codeExpired);
  }
}
