import { z } from 'zod';
import { groupRules } from '../config/defaults.ts';
import type { Group } from '../generated/prisma/client.ts';
import { CognitoError } from '../pool/errors.ts';
import type { Services } from '../services.ts';
import { type Action, parseInput } from './protocol.ts';
import { epoch, toUserType } from './shapes.ts';
import { Violations } from './violations.ts';

/** The fields' types; their constraints are Cognito's, checked by `Violations` for Cognito's words. */
const groupFields = z
  .object({
    GroupName: z.string().optional(),
    Description: z.string().optional(),
    RoleArn: z.string().optional(),
    Precedence: z.number().int().optional(),
  })
  .loose();
const listFields = z.object({ Limit: z.number().int().optional(), NextToken: z.string().optional() }).loose();
const userField = z.object({ Username: z.string().optional() }).loose();

/** Cognito's GroupType; settings never given are left out. */
function toGroupType(group: Group, userPoolId: string) {
  return {
    GroupName: group.name,
    UserPoolId: userPoolId,
    ...(group.description === null ? {} : { Description: group.description }),
    ...(group.roleArn === null ? {} : { RoleArn: group.roleArn }),
    ...(group.precedence === null ? {} : { Precedence: group.precedence }),
    LastModifiedDate: epoch(group.updatedAt),
    CreationDate: epoch(group.createdAt),
  };
}

/** A list operation's NextToken: where the previous page ended, opaque to the caller. */
const nextToken = {
  encode: (key: string) => Buffer.from(key).toString('base64url'),
  decode(token: string | undefined, valid: (key: string) => boolean = () => true): string | undefined {
    if (token === undefined) return undefined;
    const key = Buffer.from(token, 'base64url').toString();
    if (!key || !valid(key)) throw new CognitoError('InvalidParameterException', 'Invalid NextToken.');
    return key;
  },
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The pool's groups on Cognito's API: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups,
 * AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser and ListUsersInGroup.
 */
export function groupActions(services: Services, pool: (input: unknown) => void): Record<string, Action> {
  const { groups, users, config } = services;
  const userPoolId = config.server.userPoolId;

  /** The group fields of an input, checked; `settings` only when the operation takes them. */
  function groupInput(input: unknown, withSettings: boolean) {
    pool(input);
    const i = parseInput(groupFields, input);
    const problems = new Violations();
    problems.text('groupName', i.GroupName, { required: true, minLength: 1, ...groupRules.name });
    if (withSettings) {
      problems.text('description', i.Description, { maxLength: groupRules.descriptionMaxLength });
      problems.text('roleArn', i.RoleArn, groupRules.roleArn);
      problems.range('precedence', i.Precedence, 0, groupRules.precedenceMax);
    }
    return { i, problems };
  }

  const settingsOf = (i: z.output<typeof groupFields>) => ({
    ...(i.Description === undefined ? {} : { description: i.Description }),
    ...(i.RoleArn === undefined ? {} : { roleArn: i.RoleArn }),
    ...(i.Precedence === undefined ? {} : { precedence: i.Precedence }),
  });

  /** A group operation's name, checked (the group itself is looked up by the operation). */
  const groupName = (input: unknown) => {
    const { i, problems } = groupInput(input, false);
    return { name: i.GroupName!, problems };
  };

  /** The user an admin operation names, checked with the other fields and found (UserNotFoundException). */
  const member = async (input: unknown) => {
    const { name, problems } = groupName(input);
    const { Username } = parseInput(userField, input);
    problems.text('username', Username, { required: true, minLength: 1, maxLength: 128, sensitive: true });
    problems.check();
    return { name, user: await users.get(Username!) };
  };

  /** Limit 1-60 (0 or none: 60, as ListUsers here) and where the page starts. */
  const paging = (input: unknown, problems: Violations) => {
    const i = parseInput(listFields, input);
    problems.range('limit', i.Limit, 0, 60);
    return { limit: i.Limit || 60, token: i.NextToken };
  };

  return {
    async CreateGroup(input) {
      const { i, problems } = groupInput(input, true);
      problems.check();
      return { Group: toGroupType(await groups.create(i.GroupName!, settingsOf(i)), userPoolId) };
    },

    async GetGroup(input) {
      const { name, problems } = groupName(input);
      problems.check();
      return { Group: toGroupType(await groups.get(name), userPoolId) };
    },

    /** Changes the settings the request gives; the others stay as they are. */
    async UpdateGroup(input) {
      const { i, problems } = groupInput(input, true);
      problems.check();
      return { Group: toGroupType(await groups.update(i.GroupName!, settingsOf(i)), userPoolId) };
    },

    /** Deletes a group, members or not: they stay in the pool, without it in their next tokens. */
    async DeleteGroup(input) {
      const { name, problems } = groupName(input);
      problems.check();
      await groups.delete(name);
      return {};
    },

    async ListGroups(input) {
      pool(input);
      const problems = new Violations();
      const { limit, token } = paging(input, problems);
      problems.check();
      const page = await groups.list(limit, nextToken.decode(token));
      return {
        Groups: page.items.map((g) => toGroupType(g, userPoolId)),
        ...(page.next ? { NextToken: nextToken.encode(page.next) } : {}),
      };
    },

    async AdminAddUserToGroup(input) {
      const { name, user } = await member(input);
      await groups.get(name);
      await groups.addMember(name, user.sub);
      return {};
    },

    async AdminRemoveUserFromGroup(input) {
      const { name, user } = await member(input);
      await groups.get(name);
      await groups.removeMember(name, user.sub);
      return {};
    },

    /** The user's groups in the order of their tokens' `cognito:groups` (precedence, then name). */
    async AdminListGroupsForUser(input) {
      pool(input);
      const problems = new Violations();
      const { Username } = parseInput(userField, input);
      problems.text('username', Username, { required: true, minLength: 1, maxLength: 128, sensitive: true });
      const { limit, token } = paging(input, problems);
      problems.check();
      const user = await users.get(Username!);
      const all = await groups.groupsOf(user.sub);
      const start = Number(nextToken.decode(token, (key) => /^\d+$/.test(key) && Number(key) <= all.length) ?? 0);
      const page = all.slice(start, start + limit);
      return {
        Groups: page.map((g) => toGroupType(g, userPoolId)),
        ...(start + limit < all.length ? { NextToken: nextToken.encode(String(start + limit)) } : {}),
      };
    },

    async ListUsersInGroup(input) {
      const { name, problems } = groupName(input);
      const { limit, token } = paging(input, problems);
      problems.check();
      await groups.get(name);
      const page = await groups.members(
        name,
        limit,
        nextToken.decode(token, (key) => uuid.test(key)),
      );
      return {
        Users: page.items.map(toUserType),
        ...(page.next ? { NextToken: nextToken.encode(page.next) } : {}),
      };
    },
  };
}
