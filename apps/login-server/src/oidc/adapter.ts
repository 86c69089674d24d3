import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

/** How long a consumed refresh token of this client stays usable (Cognito's rotation grace period). */
export type GraceSeconds = (clientId: string) => Promise<number>;

/**
 * oidc-provider's storage for one model (Session, Interaction, AuthorizationCode, RefreshToken,
 * Grant, ...), as rows of one table. Expired rows read as absent and are swept periodically.
 */
export class PrismaAdapter implements Adapter {
  constructor(
    private readonly type: string,
    private readonly prisma: PrismaClient,
    private readonly graceSeconds: GraceSeconds,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const data = {
      payload: payload as Prisma.InputJsonValue,
      grantId: payload.grantId ?? null,
      uid: payload.uid ?? null,
      userCode: payload.userCode ?? null,
      accountId: payload.accountId ?? null,
      expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
    };
    await this.prisma.oidcPayload.upsert({
      where: { type_id: { type: this.type, id } },
      create: { type: this.type, id, ...data },
      update: data,
    });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.read(await this.prisma.oidcPayload.findUnique({ where: { type_id: { type: this.type, id } } }));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.read(await this.prisma.oidcPayload.findFirst({ where: { type: this.type, uid } }));
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.read(await this.prisma.oidcPayload.findFirst({ where: { type: this.type, userCode } }));
  }

  async consume(id: string): Promise<void> {
    // Only the first use counts, so a grace period is measured from it and cannot be extended.
    await this.prisma.oidcPayload.updateMany({
      where: { type: this.type, id, consumedAt: null },
      data: { consumedAt: new Date() },
    });
  }

  async destroy(id: string): Promise<void> {
    await this.prisma.oidcPayload.deleteMany({ where: { type: this.type, id } });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.prisma.oidcPayload.deleteMany({ where: { type: this.type, grantId } });
  }

  private async read(
    row: { payload: Prisma.JsonValue; expiresAt: Date | null; consumedAt: Date | null } | null,
  ): Promise<AdapterPayload | undefined> {
    if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return undefined;
    const payload = row.payload as AdapterPayload;
    if (!row.consumedAt) return payload;
    if (this.type === 'RefreshToken' && payload.clientId) {
      const grace = await this.graceSeconds(payload.clientId);
      // Within the grace period a rotated refresh token still works (Cognito's RetryGracePeriodSeconds).
      if (Date.now() - row.consumedAt.getTime() < grace * 1000) return payload;
    }
    return { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) };
  }
}

/** Deletes expired protocol state; returns how many rows went. */
export async function sweepExpired(prisma: PrismaClient): Promise<number> {
  const { count } = await prisma.oidcPayload.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}

/** Cognito's global sign-out: every refresh token, code and grant of the user goes; the hosted session cookie stays valid, as in Cognito. */
export async function revokeAllForAccount(prisma: PrismaClient, accountId: string): Promise<void> {
  const grants = await prisma.oidcPayload.findMany({
    where: { accountId, grantId: { not: null } },
    select: { grantId: true },
    distinct: ['grantId'],
  });
  const grantIds = grants.map((g) => g.grantId as string);
  await prisma.oidcPayload.deleteMany({
    where: {
      OR: [
        { accountId, type: { in: ['RefreshToken', 'AuthorizationCode', 'Grant'] } },
        { grantId: { in: grantIds } },
        { type: 'Grant', id: { in: grantIds } },
      ],
    },
  });
}
