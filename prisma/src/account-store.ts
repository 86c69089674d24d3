import { type AccountStore, type BindableRow, type LinkMethod, UniqueConflict } from '@sso/account-binding';

/**
 * The slice of a product's `prisma.user` that binding uses. Both products' user models carry the
 * same identity columns (email, identitySub, linkMethod, linkedAt), so one implementation serves both.
 */
export interface UserDelegate<Row> {
  findUnique(args: { where: { identitySub: string } | { email: string } }): PromiseLike<Row | null>;
  updateMany(args: {
    where: { id: string; identitySub: null };
    data: { identitySub: string; linkMethod: LinkMethod; linkedAt: Date };
  }): PromiseLike<{ count: number }>;
  create(args: {
    data: { email: string; displayName: string; identitySub: string; linkMethod: LinkMethod; linkedAt: Date };
  }): PromiseLike<Row>;
}

export function prismaAccountStore<Row extends BindableRow>(users: UserDelegate<Row>): AccountStore<Row> {
  return {
    findBySub: async (sub) => users.findUnique({ where: { identitySub: sub } }),
    findByEmail: async (email) => users.findUnique({ where: { email } }),
    async bindIfUnbound(id, sub, method, at) {
      // The `identitySub: null` condition makes this a compare-and-set: one concurrent sign-in wins.
      const { count } = await users.updateMany({
        where: { id, identitySub: null },
        data: { identitySub: sub, linkMethod: method, linkedAt: at },
      });
      return count === 1 ? users.findUnique({ where: { identitySub: sub } }) : null;
    },
    async createBound(identity, at) {
      try {
        return await users.create({
          data: {
            email: identity.email,
            displayName: identity.name?.trim() || identity.email.split('@')[0]!,
            identitySub: identity.sub,
            linkMethod: 'CREATED',
            linkedAt: at,
          },
        });
      } catch (error) {
        // P2002: a unique constraint (sub or email) failed because another sign-in made the row first.
        if ((error as { code?: string }).code === 'P2002') throw new UniqueConflict(String(error));
        throw error;
      }
    },
  };
}
