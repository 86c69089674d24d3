import Router from '@koa/router';
import { z } from 'zod';
import type { TokenIssuer } from '../oidc/token-issuer.ts';
import { CognitoError } from '../pool/errors.ts';
import type { Services } from '../services.ts';
import { signInActions } from '../sign-in-api/actions.ts';
import { userApiActions } from '../user-api/actions.ts';
import { clientActions } from './clients.ts';
import { groupActions } from './groups.ts';
import { dispatch, jsonBody } from './protocol.ts';
import { userActions } from './users.ts';

/**
 * Cognito's API for the AWS SDK (`@aws-sdk/client-cognito-identity-provider` with `endpoint` set to
 * this server). Requests are not SigV4-checked: any credentials are accepted locally.
 */
export function adminApiRoutes(services: Services, issuer: TokenIssuer): Router {
  const { userPoolId } = services.config.server;
  /** Every admin action names the pool; another pool id is Cognito's ResourceNotFoundException. */
  const pool = (input: unknown) => {
    const given = z.object({ UserPoolId: z.string() }).loose().safeParse(input);
    const id = given.success ? given.data.UserPoolId : undefined;
    if (id !== userPoolId) throw new CognitoError('ResourceNotFoundException', `User pool ${id ?? ''} does not exist.`);
  };
  const actions = {
    ...userActions(services, pool),
    ...clientActions(services, pool),
    ...signInActions(services, issuer, pool),
    ...groupActions(services, pool),
    ...userApiActions(services, issuer),
  };
  const router = new Router();
  router.post('/', jsonBody, (ctx) =>
    dispatch(ctx, actions, (error) =>
      services.log.error({ err: error, target: ctx.get('x-amz-target') }, 'Cognito API failed'),
    ),
  );
  return router;
}
