import { z } from 'zod';
import { type Action, parseInput } from '../admin-api/protocol.ts';
import { Violations } from '../admin-api/violations.ts';
import type { Services } from '../services.ts';
import type { Bearer } from './access-token.ts';

/** Cognito's constraint on a password field (its value is never repeated back). */
const passwordRules = {
  required: true,
  minLength: 1,
  maxLength: 256,
  pattern: String.raw`[\S]+.*[\S]+`,
  sensitive: true,
};

/**
 * Cognito's ChangePassword, authorized by the user's access token: the current password, then a new
 * one the policy accepts, set the way every password is set (hash and SRP verifier together). The
 * user's tokens stay valid, as in Cognito.
 */
export function passwordActions(services: Services, bearer: Bearer): Record<string, Action> {
  return {
    async ChangePassword(input) {
      const { user } = await bearer(input);
      const i = parseInput(
        z.object({ PreviousPassword: z.string().optional(), ProposedPassword: z.string().optional() }).loose(),
        input,
      );
      const problems = new Violations();
      problems.text('previousPassword', i.PreviousPassword, passwordRules);
      problems.text('proposedPassword', i.ProposedPassword, passwordRules);
      problems.check();
      await services.users.changePassword(user.sub, i.PreviousPassword as string, i.ProposedPassword as string);
      return {};
    },
  };
}
