import { describe, expect, it } from 'vitest';
import { adminGrant } from '../app/pages.server.ts';

/** Who runs product A's workspace: its own role, or the login service's admins group (ADR 0013). */
describe('product A admins', () => {
  const member = { role: 'MEMBER' as const };
  const admin = { role: 'ADMIN' as const };

  it('lets an admin by role in, whatever the groups', () => {
    expect(adminGrant(admin, {})).toBe('role');
    expect(adminGrant(admin, { 'cognito:groups': ['readers'] })).toBe('role');
    expect(adminGrant(admin, { 'cognito:groups': ['admins'] })).toBe('role');
  });

  it("lets a member in through the login service's admins group, wherever it comes in the list", () => {
    expect(adminGrant(member, { 'cognito:groups': ['admins'] })).toBe('group');
    expect(adminGrant(member, { 'cognito:groups': ['leads', 'admins', 'readers'] })).toBe('group');
  });

  it('keeps out a member in no group, in other groups, or named in anything but the group claim', () => {
    expect(adminGrant(member, {})).toBeUndefined();
    expect(adminGrant(member, { 'cognito:groups': ['readers', 'Admins', 'admins-old'] })).toBeUndefined();
    expect(adminGrant(member, { 'cognito:groups': 'admins' })).toBeUndefined();
    expect(adminGrant(member, { 'cognito:roles': ['admins'], 'custom:groups': 'admins' })).toBeUndefined();
  });
});
