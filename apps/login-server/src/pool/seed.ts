import type { Services } from '../services.ts';
import { CognitoError } from './errors.ts';

/**
 * Makes the pool match its config file: the declared app clients are created or updated (the file
 * is their source of truth), and seed users are created when missing (never overwritten, so a
 * password changed at run time survives a restart). A seed user kept from before SRP verifiers were
 * stored gets one, if their password is still the file's.
 */
export async function seedPool({ config, clients, users, log }: Services): Promise<void> {
  for (const { clientId, clientName, clientSecret, ...settings } of config.clients) {
    await clients.put({ clientId, clientName, clientSecret, settings });
  }
  for (const seed of config.users) {
    const existing = await users.find(seed.email);
    if (existing) {
      await users.adoptSrpVerifier(existing, seed.password);
      continue;
    }
    try {
      await users.create({
        email: seed.email,
        password: seed.password,
        emailVerified: seed.emailVerified,
        attributes: seed.attributes,
        status: seed.status,
      });
      log.info({ email: seed.email }, 'seed user created');
    } catch (error) {
      // Another instance seeding at the same moment made it first.
      if (!(error instanceof CognitoError && error.type === 'UsernameExistsException')) throw error;
    }
  }
}

/**
 * Seeds the config file's groups like its users: a missing group is created with its members (seed
 * users, made by then); an existing one is left as it is, so changes made through the admin API
 * survive a restart.
 */
export async function seedGroups({ config, groups, users, log }: Services): Promise<void> {
  for (const { name, members, ...settings } of config.groups) {
    if (await groups.find(name)) continue;
    try {
      await groups.create(name, settings);
    } catch (error) {
      // Another instance seeding at the same moment made it first (and adds its members).
      if (error instanceof CognitoError && error.type === 'GroupExistsException') continue;
      throw error;
    }
    for (const email of members) await groups.addMember(name, (await users.get(email)).sub);
    log.info({ group: name, members: members.length }, 'seed group created');
  }
}
