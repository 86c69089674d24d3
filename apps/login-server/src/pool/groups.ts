import { type Group, Prisma, type PrismaClient, type User } from '../generated/prisma/client.ts';
import { CognitoError, messages } from './errors.ts';

/** What orders a user's groups, and what their tokens say of each (oidc/claims.ts). */
export interface RankedGroup {
  name: string;
  precedence: number | null;
  roleArn: string | null;
}

/**
 * Cognito's order of a user's groups: the lowest precedence first, groups without one after every
 * group that has one. Cognito leaves the order of equal precedences open; here they go by name, so
 * that a user's tokens always list the same groups the same way.
 */
export function byPrecedence(a: Omit<RankedGroup, 'roleArn'>, b: Omit<RankedGroup, 'roleArn'>): number {
  if (a.precedence !== b.precedence) {
    if (a.precedence === null) return 1;
    if (b.precedence === null) return -1;
    return a.precedence - b.precedence;
  }
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** A group's settings; each one left out stays as it is (UpdateGroup) or unset (CreateGroup). */
export interface GroupSettings {
  description?: string;
  roleArn?: string;
  precedence?: number;
}

/** One page of a list, and where the next one starts (none after the last page). */
interface Page<T> {
  items: T[];
  next?: string;
}

const isKnownError = (error: unknown, code: string) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;

const notFound = () => new CognitoError('ResourceNotFoundException', messages.groupNotFound);

/** The pool's groups and who is in them, with Cognito's rules (names unique, memberships idempotent). */
export class Groups {
  constructor(private readonly prisma: PrismaClient) {}

  async create(name: string, settings: GroupSettings): Promise<Group> {
    try {
      return await this.prisma.group.create({ data: { name, ...settings } });
    } catch (error) {
      if (isKnownError(error, 'P2002')) throw new CognitoError('GroupExistsException', messages.groupExists);
      throw error;
    }
  }

  find(name: string): Promise<Group | null> {
    return this.prisma.group.findUnique({ where: { name } });
  }

  async get(name: string): Promise<Group> {
    const group = await this.find(name);
    if (!group) throw notFound();
    return group;
  }

  async update(name: string, settings: GroupSettings): Promise<Group> {
    try {
      return await this.prisma.group.update({ where: { name }, data: settings });
    } catch (error) {
      if (isKnownError(error, 'P2025')) throw notFound();
      throw error;
    }
  }

  /** Deletes the group; its members stay in the pool and lose it at their next token. */
  async delete(name: string): Promise<void> {
    const { count } = await this.prisma.group.deleteMany({ where: { name } });
    if (count === 0) throw notFound();
  }

  /** The pool's groups by name, `limit` at a time from after the name `after`. */
  async list(limit: number, after?: string): Promise<Page<Group>> {
    const groups = await this.prisma.group.findMany({
      where: after === undefined ? {} : { name: { gt: after } },
      orderBy: { name: 'asc' },
      take: limit + 1,
    });
    return pageOf(groups, limit, (g) => g.name);
  }

  /** Adds a user to a group; adding a member again changes nothing (as Cognito). */
  async addMember(name: string, sub: string): Promise<void> {
    try {
      await this.prisma.groupMember.createMany({ data: [{ groupName: name, userSub: sub }], skipDuplicates: true });
    } catch (error) {
      // The group (or the user) was deleted meanwhile.
      if (isKnownError(error, 'P2003')) throw notFound();
      throw error;
    }
  }

  /** Takes a user out of a group; one who was not in it is left as they are. */
  async removeMember(name: string, sub: string): Promise<void> {
    await this.prisma.groupMember.deleteMany({ where: { groupName: name, userSub: sub } });
  }

  /** A user's groups in Cognito's order (byPrecedence). */
  async groupsOf(sub: string): Promise<Group[]> {
    const memberships = await this.prisma.groupMember.findMany({ where: { userSub: sub }, include: { group: true } });
    return memberships.map((m) => m.group).sort(byPrecedence);
  }

  /** A group's members by `sub` (as ListUsers orders users), `limit` at a time from after `after`. */
  async members(name: string, limit: number, after?: string): Promise<Page<User>> {
    const memberships = await this.prisma.groupMember.findMany({
      where: { groupName: name, ...(after === undefined ? {} : { userSub: { gt: after } }) },
      orderBy: { userSub: 'asc' },
      take: limit + 1,
      include: { user: true },
    });
    return pageOf(
      memberships.map((m) => m.user),
      limit,
      (u) => u.sub,
    );
  }
}

/** A page from `limit + 1` rows: the extra row only says that another page follows. */
function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return rows.length > limit && last !== undefined ? { items, next: keyOf(last) } : { items };
}
