import type { User } from '../generated/prisma/client.ts';

/** Cognito's `{ Name, Value }` attribute list, every value a string. */
type AttributeList = { Name: string; Value: string }[];

/** Standard attributes a pool may hold besides email (OIDC's profile and phone claims). */
const standardAttributes = [
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'address',
  'updated_at',
  'phone_number',
  'phone_number_verified',
] as const;

/** Whether the pool's schema has this attribute (standard ones, and the declared `custom:` ones). */
export function isWritableAttribute(name: string, customAttributes: readonly string[]): boolean {
  return (
    name === 'email' ||
    name === 'email_verified' ||
    (standardAttributes as readonly string[]).includes(name) ||
    (name.startsWith('custom:') && customAttributes.includes(name.slice('custom:'.length)))
  );
}

export function otherAttributes(user: Pick<User, 'attributes'>): Record<string, string> {
  return (user.attributes ?? {}) as Record<string, string>;
}

/** The user as Cognito lists attributes: `sub` first, then email and the rest. */
export function toAttributeList(user: User): AttributeList {
  const list: AttributeList = [{ Name: 'sub', Value: user.sub }];
  if (user.email) {
    list.push({ Name: 'email', Value: user.email }, { Name: 'email_verified', Value: String(user.emailVerified) });
  }
  for (const [Name, Value] of Object.entries(otherAttributes(user))) list.push({ Name, Value });
  return list;
}
