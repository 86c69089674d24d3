import { readFileSync } from 'node:fs';
import {
  AdminAddUserToGroupCommand,
  AdminDeleteUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CreateGroupCommand,
  type CreateGroupCommandInput,
  CreateUserPoolClientCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  GroupExistsException,
  InvalidParameterException,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  paginateAdminListGroupsForUser,
  paginateListGroups,
  paginateListUsersInGroup,
  ResourceNotFoundException,
  UpdateGroupCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { testDatabase } from '@sso/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../src/config/errors.ts';
import { defaultConfigFile, parsePoolConfig } from '../src/config/load.ts';
import { sdkClient, useSdkClient } from './support/cognito-api.ts';
import { decodeJwt, refreshGrant, signInForTokens } from './support/flows.ts';
import { createUser, password, startTestServer, testClients, testPool, useTestServer } from './support/server.ts';
import { cognitoVerifier } from './support/verifiers.ts';

const roleA = 'arn:aws:iam::123456789012:role/workspace-admins';
const roleB = 'arn:aws:iam::123456789012:role/editors';

/** Every page of a paginator's answers, in order. */
async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** User pool groups on Cognito's API, driven by AWS's own SDK. */
describe('groups with the AWS SDK', () => {
  const server = useTestServer();
  const cognito = useSdkClient(server);
  let UserPoolId: string;
  const create = (input: Omit<CreateGroupCommandInput, 'UserPoolId'>) =>
    cognito.send(new CreateGroupCommand({ UserPoolId, ...input }));

  beforeAll(async () => {
    UserPoolId = server.config.server.userPoolId;
  });

  it("creates a group and reads it back in Cognito's GroupType (CreateGroup, GetGroup)", async () => {
    const before = Date.now();
    const { Group } = await create({
      GroupName: 'crew',
      Description: 'Runs the ship',
      Precedence: 3,
      RoleArn: roleA,
    });
    expect(Group).toEqual({
      GroupName: 'crew',
      UserPoolId,
      Description: 'Runs the ship',
      RoleArn: roleA,
      Precedence: 3,
      CreationDate: expect.any(Date),
      LastModifiedDate: expect.any(Date),
    });
    expect(Group!.CreationDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await cognito.send(new GetGroupCommand({ UserPoolId, GroupName: 'crew' }))).Group).toEqual(Group);

    // Settings never given are left out, not sent empty.
    const bare = (await create({ GroupName: 'bare' })).Group!;
    expect(Object.keys(bare).sort()).toEqual(['CreationDate', 'GroupName', 'LastModifiedDate', 'UserPoolId']);
    // Names are case-sensitive.
    await create({ GroupName: 'Crew' });
  });

  it("answers a taken name, an unknown group and another pool in Cognito's words", async () => {
    await create({ GroupName: 'taken' });
    await expect(create({ GroupName: 'taken' })).rejects.toSatisfy(
      (e) => e instanceof GroupExistsException && e.message === 'A group with the name already exists.',
    );
    await expect(cognito.send(new GetGroupCommand({ UserPoolId, GroupName: 'nobody' }))).rejects.toSatisfy(
      (e) => e instanceof ResourceNotFoundException && e.message === 'Group not found.',
    );
    await expect(
      cognito.send(new GetGroupCommand({ UserPoolId: 'us-east-1_Other', GroupName: 'taken' })),
    ).rejects.toSatisfy(
      (e) => e instanceof ResourceNotFoundException && e.message === 'User pool us-east-1_Other does not exist.',
    );
  });

  it("refuses bad names, precedences and settings with Cognito's validation messages", async () => {
    const refusal = async (input: Omit<CreateGroupCommandInput, 'UserPoolId'>) => {
      const error = await create(input).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidParameterException);
      return (error as Error).message;
    };
    const pattern = String.raw`[\p{L}\p{M}\p{S}\p{N}\p{P}]+`;
    expect(await refusal({ GroupName: 'two words' })).toBe(
      `1 validation error detected: Value 'two words' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`,
    );
    expect(await refusal({ GroupName: 'g'.repeat(129) })).toBe(
      `1 validation error detected: Value '${'g'.repeat(129)}' at 'groupName' failed to satisfy constraint: Member must have length less than or equal to 128`,
    );
    expect(await refusal({ GroupName: 'ok', Precedence: -1 })).toBe(
      "1 validation error detected: Value '-1' at 'precedence' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
    expect(await refusal({ GroupName: 'tab\there', Precedence: -2 })).toBe(
      `2 validation errors detected: Value 'tab\there' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}; Value '-2' at 'precedence' failed to satisfy constraint: Member must have value greater than or equal to 0`,
    );
    expect(await refusal({ GroupName: 'ok', RoleArn: 'arn:aws:iam::not-an-account:role/x' })).toMatch(
      /^1 validation error detected: Value 'arn:aws:iam::not-an-account:role\/x' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:/,
    );
    expect(await refusal({ GroupName: 'ok', Description: 'd'.repeat(2049) })).toMatch(
      /at 'description' failed to satisfy constraint: Member must have length less than or equal to 2048$/,
    );
    // A name of letters, marks, symbols, digits and punctuation from any script is a name.
    await create({ GroupName: 'Équipe_ü-1+€' });
    await expect(cognito.send(new GetGroupCommand({ UserPoolId, GroupName: 'ok' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('changes only the settings an update gives (UpdateGroup)', async () => {
    const created = (await create({ GroupName: 'editors', Description: 'Edit', Precedence: 5, RoleArn: roleB })).Group!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const { Group } = await cognito.send(new UpdateGroupCommand({ UserPoolId, GroupName: 'editors', Precedence: 2 }));
    expect(Group).toMatchObject({ GroupName: 'editors', Description: 'Edit', Precedence: 2, RoleArn: roleB });
    expect(Group!.CreationDate).toEqual(created.CreationDate);
    expect(Group!.LastModifiedDate!.getTime()).toBeGreaterThan(created.LastModifiedDate!.getTime());
    expect((await cognito.send(new GetGroupCommand({ UserPoolId, GroupName: 'editors' }))).Group).toEqual(Group);
    await expect(
      cognito.send(new UpdateGroupCommand({ UserPoolId, GroupName: 'nobody', Precedence: 1 })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      cognito.send(new UpdateGroupCommand({ UserPoolId, GroupName: 'editors', Precedence: -1 })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it("lists the pool's groups by name, a page at a time (ListGroups, Limit and NextToken)", async () => {
    for (const name of ['list-c', 'list-a', 'list-b']) await create({ GroupName: name });
    const expected = (await cognito.send(new ListGroupsCommand({ UserPoolId }))).Groups!.map((g) => g.GroupName);
    expect(expected).toEqual([...expected].sort());
    expect(expected).toEqual(expect.arrayContaining(['list-a', 'list-b', 'list-c']));

    const pages = await all(paginateListGroups({ client: cognito, pageSize: 2 }, { UserPoolId }));
    expect(pages.length).toBe(Math.ceil(expected.length / 2));
    expect(pages.every((p, n) => p.Groups!.length === 2 || n === pages.length - 1)).toBe(true);
    expect(pages.flatMap((p) => p.Groups!.map((g) => g.GroupName))).toEqual(expected);
    expect(pages.at(-1)!.NextToken).toBeUndefined();

    await expect(cognito.send(new ListGroupsCommand({ UserPoolId, Limit: 61 }))).rejects.toThrow(
      "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    );
  });

  it('puts users in groups and lists them both ways (AdminAddUserToGroup, AdminListGroupsForUser, ListUsersInGroup)', async () => {
    const ann = await createUser(server, 'ann@example.com');
    const ben = await createUser(server, 'ben@example.com');
    await create({ GroupName: 'm-leads', Precedence: 1 });
    await create({ GroupName: 'm-zeta', Precedence: 7 });
    await create({ GroupName: 'm-alpha', Precedence: 7 });
    await create({ GroupName: 'm-none' });
    const add = (Username: string, GroupName: string) =>
      cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName }));
    for (const group of ['m-none', 'm-zeta', 'm-leads', 'm-alpha']) await add('ann@example.com', group);
    // Adding a member again changes nothing; a user is named by email or by username.
    await add('ann@example.com', 'm-leads');
    await add(ben.username, 'm-leads');

    const groupsOfAnn = await all(
      paginateAdminListGroupsForUser({ client: cognito, pageSize: 3 }, { UserPoolId, Username: 'ann@example.com' }),
    );
    expect(groupsOfAnn.map((p) => p.Groups!.length)).toEqual([3, 1]);
    // Precedence, lowest first; equal ones by name; none last.
    expect(groupsOfAnn.flatMap((p) => p.Groups!.map((g) => g.GroupName))).toEqual([
      'm-leads',
      'm-alpha',
      'm-zeta',
      'm-none',
    ]);

    const leads = await all(
      paginateListUsersInGroup({ client: cognito, pageSize: 1 }, { UserPoolId, GroupName: 'm-leads' }),
    );
    expect(leads.map((p) => p.Users!.length)).toEqual([1, 1]);
    const members = leads.flatMap((p) => p.Users!);
    expect(members.map((u) => u.Username).sort()).toEqual([ann.username, ben.username].sort());
    expect(members.find((u) => u.Username === ann.username)).toMatchObject({
      Enabled: true,
      UserStatus: 'CONFIRMED',
      Attributes: expect.arrayContaining([{ Name: 'email', Value: 'ann@example.com' }]),
    });

    await cognito.send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId, Username: 'ann@example.com', GroupName: 'm-leads' }),
    );
    // Taking out someone who is not in the group changes nothing.
    await cognito.send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId, Username: 'ann@example.com', GroupName: 'm-leads' }),
    );
    const left = await cognito.send(new ListUsersInGroupCommand({ UserPoolId, GroupName: 'm-leads' }));
    expect(left.Users!.map((u) => u.Username)).toEqual([ben.username]);
    expect(left.NextToken).toBeUndefined();
  });

  it("answers membership changes for unknown users and groups in Cognito's words", async () => {
    await create({ GroupName: 'known' });
    await createUser(server, 'known@example.com');
    for (const Command of [AdminAddUserToGroupCommand, AdminRemoveUserFromGroupCommand]) {
      await expect(
        cognito.send(new Command({ UserPoolId, Username: 'ghost@example.com', GroupName: 'known' })),
      ).rejects.toSatisfy((e) => e instanceof UserNotFoundException && e.message === 'User does not exist.');
      await expect(
        cognito.send(new Command({ UserPoolId, Username: 'known@example.com', GroupName: 'ghosts' })),
      ).rejects.toSatisfy((e) => e instanceof ResourceNotFoundException && e.message === 'Group not found.');
    }
    await expect(
      cognito.send(new AdminListGroupsForUserCommand({ UserPoolId, Username: 'ghost@example.com' })),
    ).rejects.toBeInstanceOf(UserNotFoundException);
    await expect(cognito.send(new ListUsersInGroupCommand({ UserPoolId, GroupName: 'ghosts' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    // The username's value is not repeated back.
    await expect(
      cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: 'u'.repeat(129), GroupName: 'known' })),
    ).rejects.toThrow(
      "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128",
    );
  });

  it('deletes a group with its memberships, and a deleted user leaves their groups (DeleteGroup)', async () => {
    const cas = await createUser(server, 'cas@example.com');
    const dee = await createUser(server, 'dee@example.com');
    await create({ GroupName: 'doomed' });
    await create({ GroupName: 'stays' });
    for (const Username of [cas.username, dee.username]) {
      for (const GroupName of ['doomed', 'stays']) {
        await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName }));
      }
    }

    await cognito.send(new DeleteGroupCommand({ UserPoolId, GroupName: 'doomed' }));
    await expect(cognito.send(new GetGroupCommand({ UserPoolId, GroupName: 'doomed' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(cognito.send(new DeleteGroupCommand({ UserPoolId, GroupName: 'doomed' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    const casGroups = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId, Username: cas.username }));
    expect(casGroups.Groups!.map((g) => g.GroupName)).toEqual(['stays']);

    await cognito.send(new AdminDeleteUserCommand({ UserPoolId, Username: dee.username }));
    const stays = await cognito.send(new ListUsersInGroupCommand({ UserPoolId, GroupName: 'stays' }));
    expect(stays.Users!.map((u) => u.Username)).toEqual([cas.username]);
  });
});

/** `cognito:groups` (and the roles) in the tokens, read when each token is issued. */
describe('group claims in tokens', () => {
  const server = useTestServer();
  const cognito = useSdkClient(server);
  let UserPoolId: string;
  const app = testClients.productA;
  const join = (Username: string, GroupName: string) =>
    cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName }));
  const leave = (Username: string, GroupName: string) =>
    cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId, Username, GroupName }));
  const claims = (token: string) => decodeJwt(token).payload;

  beforeAll(async () => {
    UserPoolId = server.config.server.userPoolId;
    const groups: CreateGroupCommandInput[] = [
      { UserPoolId, GroupName: 'readers' },
      { UserPoolId, GroupName: 'editors', Precedence: 5, RoleArn: roleB },
      { UserPoolId, GroupName: 'admins', Precedence: 1, RoleArn: roleA },
      { UserPoolId, GroupName: 'auditors', Precedence: 5, RoleArn: roleB },
      { UserPoolId, GroupName: 'owners', Precedence: 5, RoleArn: roleA },
    ];
    for (const group of groups) await cognito.send(new CreateGroupCommand(group));
  });

  it('lists the groups by precedence in both tokens, and the roles in the ID token only', async () => {
    await createUser(server, 'gia@example.com');
    for (const group of ['readers', 'editors', 'admins', 'auditors']) await join('gia@example.com', group);
    const tokens = await signInForTokens(server.baseUrl, app, 'gia@example.com', password);
    const order = ['admins', 'auditors', 'editors', 'readers'];

    const id = claims(tokens.id_token);
    expect(id['cognito:groups']).toEqual(order);
    expect(id['cognito:roles']).toEqual([roleA, roleB]);
    expect(id['cognito:preferred_role']).toBe(roleA);

    const access = claims(tokens.access_token);
    expect(access['cognito:groups']).toEqual(order);
    expect(access).not.toHaveProperty('cognito:roles');
    expect(access).not.toHaveProperty('cognito:preferred_role');
    // Where Cognito's access token has it: right after `sub`.
    expect(Object.keys(access).slice(0, 3)).toEqual(['sub', 'cognito:groups', 'iss']);

    // AWS's own verifier checks membership with its `groups` option.
    for (const use of ['id', 'access'] as const) {
      const token = use === 'id' ? tokens.id_token : tokens.access_token;
      await expect(
        cognitoVerifier(server.issuer, use, app.id, undefined, ['admins']).verify(token),
      ).resolves.toMatchObject({ 'cognito:groups': order });
      await expect(cognitoVerifier(server.issuer, use, app.id, undefined, ['owners']).verify(token)).rejects.toThrow(
        /group/i,
      );
    }

    // userInfo returns attributes, not groups.
    const info = await fetch(`${server.baseUrl}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(info.status).toBe(200);
    expect(Object.keys((await info.json()) as object)).not.toContain('cognito:groups');
  });

  it('leaves the preferred role out when the first groups with a role tie with different roles', async () => {
    await createUser(server, 'hal@example.com');
    for (const group of ['editors', 'owners', 'readers']) await join('hal@example.com', group);
    const id = claims((await signInForTokens(server.baseUrl, app, 'hal@example.com', password)).id_token);
    expect(id['cognito:groups']).toEqual(['editors', 'owners', 'readers']);
    expect(id['cognito:roles']).toEqual([roleB, roleA]);
    expect(id).not.toHaveProperty('cognito:preferred_role');

    // Tied groups with the same role agree on it.
    await createUser(server, 'ivy@example.com');
    for (const group of ['editors', 'auditors']) await join('ivy@example.com', group);
    const ivy = claims((await signInForTokens(server.baseUrl, app, 'ivy@example.com', password)).id_token);
    expect(ivy['cognito:roles']).toEqual([roleB]);
    expect(ivy['cognito:preferred_role']).toBe(roleB);
  });

  it('has no group claims for a user in no group, nor roles for groups without one', async () => {
    const tokens = await signInForTokens(server.baseUrl, app, 'bob@example.com', password);
    for (const token of [tokens.id_token, tokens.access_token]) {
      expect(
        Object.keys(claims(token)).filter((name) => name.startsWith('cognito:') && name !== 'cognito:username'),
      ).toEqual([]);
    }
    await createUser(server, 'jo@example.com');
    await join('jo@example.com', 'readers');
    const jo = claims((await signInForTokens(server.baseUrl, app, 'jo@example.com', password)).id_token);
    expect(jo['cognito:groups']).toEqual(['readers']);
    expect(jo).not.toHaveProperty('cognito:roles');
    expect(jo).not.toHaveProperty('cognito:preferred_role');
  });

  it("puts the groups in the sign-in API's tokens too (AdminInitiateAuth)", async () => {
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId,
        ClientName: 'Back office',
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    await createUser(server, 'lee@example.com');
    for (const group of ['readers', 'admins']) await join('lee@example.com', group);
    const { AuthenticationResult } = await cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId,
        ClientId: UserPoolClient!.ClientId!,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'lee@example.com', PASSWORD: password },
      }),
    );
    expect(claims(AuthenticationResult!.IdToken!)['cognito:groups']).toEqual(['admins', 'readers']);
    expect(claims(AuthenticationResult!.AccessToken!)['cognito:groups']).toEqual(['admins', 'readers']);
    expect(claims(AuthenticationResult!.IdToken!)['cognito:preferred_role']).toBe(roleA);
  });

  it('reads the groups again at every refresh: a membership change shows in the next tokens', async () => {
    await createUser(server, 'kim@example.com');
    await join('kim@example.com', 'readers');
    const tokens = await signInForTokens(server.baseUrl, app, 'kim@example.com', password);
    expect(claims(tokens.access_token)['cognito:groups']).toEqual(['readers']);

    await join('kim@example.com', 'admins');
    await cognito.send(new UpdateGroupCommand({ UserPoolId, GroupName: 'readers', Precedence: 0 }));
    let refreshed = (await (await refreshGrant(server.baseUrl, app, tokens.refresh_token)).json()) as {
      id_token: string;
      access_token: string;
    };
    expect(claims(refreshed.id_token)['cognito:groups']).toEqual(['readers', 'admins']);
    expect(claims(refreshed.access_token)['cognito:groups']).toEqual(['readers', 'admins']);
    expect(claims(refreshed.id_token)['cognito:preferred_role']).toBe(roleA);

    await leave('kim@example.com', 'readers');
    await leave('kim@example.com', 'admins');
    refreshed = (await (await refreshGrant(server.baseUrl, app, tokens.refresh_token)).json()) as typeof refreshed;
    expect(claims(refreshed.id_token)).not.toHaveProperty('cognito:groups');
    expect(claims(refreshed.access_token)).not.toHaveProperty('cognito:groups');
    // The tokens issued before the change keep what they said (tokens are not rewritten).
    expect(claims(tokens.access_token)['cognito:groups']).toEqual(['readers']);
  });
});

/** Groups declared in the pool file: made with their members at start, then left to the admin API. */
describe('groups in the pool file', () => {
  const poolWithGroups = {
    ...testPool(),
    groups: [
      { name: 'staff', members: ['alice@example.com', 'Bob@Example.com'] },
      {
        name: 'admins',
        description: 'Run the workspace',
        precedence: 1,
        roleArn: roleA,
        members: ['alice@example.com'],
      },
    ],
  };

  it('seeds the groups and their members, and keeps what the admin API changed across a restart', async () => {
    const databaseUrl = await testDatabase('login_server');
    let server = await startTestServer({ pool: poolWithGroups, databaseUrl });
    let cognito = sdkClient(server.baseUrl);
    const UserPoolId = server.config.server.userPoolId;
    try {
      const { Groups } = await cognito.send(new ListGroupsCommand({ UserPoolId }));
      expect(Groups).toEqual([
        expect.objectContaining({
          GroupName: 'admins',
          Description: 'Run the workspace',
          Precedence: 1,
          RoleArn: roleA,
        }),
        expect.not.objectContaining({ Precedence: expect.anything() }),
      ]);
      expect(Groups![1]!.GroupName).toBe('staff');
      const staff = await cognito.send(new ListUsersInGroupCommand({ UserPoolId, GroupName: 'staff' }));
      expect(
        staff.Users!.flatMap((u) => u.Attributes!.filter((a) => a.Name === 'email').map((a) => a.Value)).sort(),
      ).toEqual(['alice@example.com', 'bob@example.com']);
      const tokens = await signInForTokens(server.baseUrl, testClients.productA, 'alice@example.com', password);
      expect(decodeJwt(tokens.id_token).payload['cognito:groups']).toEqual(['admins', 'staff']);

      await cognito.send(
        new AdminRemoveUserFromGroupCommand({ UserPoolId, Username: 'bob@example.com', GroupName: 'staff' }),
      );
      await cognito.send(
        new UpdateGroupCommand({ UserPoolId, GroupName: 'admins', Description: 'Changed at run time' }),
      );
    } finally {
      cognito.destroy();
      await server.close();
    }

    server = await startTestServer({ pool: poolWithGroups, databaseUrl });
    cognito = sdkClient(server.baseUrl);
    try {
      const admins = await cognito.send(new GetGroupCommand({ UserPoolId, GroupName: 'admins' }));
      expect(admins.Group!.Description).toBe('Changed at run time');
      const bob = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId, Username: 'bob@example.com' }));
      expect(bob.Groups).toEqual([]);
    } finally {
      cognito.destroy();
      await server.close();
    }
  });

  it('seeds the bundled pool: Frank, a member in product A, is in the admins group', async () => {
    const server = await startTestServer({ pool: parseYaml(readFileSync(defaultConfigFile, 'utf8')) });
    const cognito = sdkClient(server.baseUrl);
    try {
      const UserPoolId = server.config.server.userPoolId;
      const frank = await cognito.send(
        new AdminListGroupsForUserCommand({ UserPoolId, Username: 'frank@example.com' }),
      );
      expect(frank.Groups!.map((g) => g.GroupName)).toEqual(['admins']);
      const members = await cognito.send(new ListUsersInGroupCommand({ UserPoolId, GroupName: 'admins' }));
      expect(members.Users).toHaveLength(1);
    } finally {
      cognito.destroy();
      await server.close();
    }
  });

  it('refuses a group the pool could not hold, naming the key', () => {
    const problems = (groups: unknown[]) => {
      try {
        parsePoolConfig({ ...testPool(), groups }, 'pool.yaml');
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      return [];
    };
    expect(
      problems([
        { name: 'two words', precedence: -1 },
        { name: 'ok', roleArn: 'role/x' },
      ]),
    ).toEqual([
      expect.stringMatching(/^groups\[0\]\.name: must be letters, digits, marks, symbols or punctuation/),
      expect.stringMatching(/^groups\[0\]\.precedence: /),
      expect.stringMatching(/^groups\[1\]\.roleArn: /),
    ]);
    expect(problems([{ name: 'ok', members: ['nobody@example.com'] }, { name: 'ok' }])).toEqual([
      'groups[0].members[0]: "nobody@example.com" is not one of the seed users',
      'groups[1].name: duplicate group "ok"',
    ]);
    expect(problems([{ name: 'fine', members: ['ALICE@example.com'] }])).toEqual([]);
  });
});
