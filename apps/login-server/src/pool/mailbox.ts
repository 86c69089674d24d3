import type { Logger } from 'pino';
import type { PrismaClient } from '../generated/prisma/client.ts';

/**
 * Where Cognito would send email, the local server keeps the message: it is logged and listed on
 * the mailbox page, so a person or a test can read verification and reset codes.
 */
export class Mailbox {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly log: Logger,
  ) {}

  async send(to: string, subject: string, body: string): Promise<void> {
    await this.prisma.mailMessage.create({ data: { to, subject, body } });
    this.log.info({ to, subject, body }, 'mail kept in the local mailbox');
  }

  list(to?: string, take = 50) {
    return this.prisma.mailMessage.findMany({
      where: to ? { to: to.trim().toLowerCase() } : {},
      orderBy: { createdAt: 'desc' },
      take,
    });
  }
}
