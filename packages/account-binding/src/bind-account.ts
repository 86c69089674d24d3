import type { AccountStore, BindableRow, BindingOutcome, Identity } from './types.ts';
import { UniqueConflict } from './types.ts';

/** A lost race is retried; more than a few in a row means something else is wrong. */
const maxAttempts = 3;

/**
 * Finds or makes the product's row for a signed-in identity:
 * 1. the row bound to `sub`, else
 * 2. the unbound row with the same email, bound now, but only when the email is verified, else
 * 3. a new row bound to `sub`.
 * Two first sign-ins at once end with one row: the loser of a race finds the winner's row.
 */
export async function bindAccount<Row extends BindableRow>(
  store: AccountStore<Row>,
  identity: Identity,
  now: () => Date = () => new Date(),
): Promise<BindingOutcome<Row>> {
  const email = identity.email?.trim().toLowerCase();
  for (let attempt = 1; ; attempt++) {
    const bound = await store.findBySub(identity.sub);
    if (bound) return { kind: 'returning', user: bound };
    if (!email) return { kind: 'refused', reason: 'email_missing' };

    const sameEmail = await store.findByEmail(email);
    if (sameEmail) {
      if (sameEmail.identitySub !== null) return { kind: 'refused', reason: 'email_bound_to_other' };
      if (!identity.emailVerified) return { kind: 'refused', reason: 'email_unverified' };
      const linked = await store.bindIfUnbound(sameEmail.id, identity.sub, 'VERIFIED_EMAIL', now());
      if (linked) return { kind: 'linked', user: linked };
    } else {
      try {
        return { kind: 'created', user: await store.createBound({ ...identity, email }, now()) };
      } catch (error) {
        if (!(error instanceof UniqueConflict)) throw error;
      }
    }
    // Another sign-in changed the rows between our read and our write: look again.
    if (attempt >= maxAttempts) throw new Error(`binding ${identity.sub} kept losing races (${attempt} attempts)`);
  }
}
