import Router from '@koa/router';
import { errorPage } from '../hosted-ui/pages.ts';

/** What each error on Cognito's /error page means, in words a person can act on. */
const explanations: Record<string, [string, string]> = {
  redirect_mismatch: [
    'The application asked to return to an address it has not registered.',
    'The redirect_uri must match one of the app client’s callback URLs exactly (scheme, host, port, path and trailing slash).',
  ],
  invalid_client: [
    'The application is not known to this user pool.',
    'Check the client_id the application sends: it must be an app client of this user pool.',
  ],
  invalid_request: [
    'The request could not be processed.',
    'The application sent a request that is missing something or is malformed.',
  ],
};

export function errorPageRoutes(): Router {
  const router = new Router();
  router.get('/error', (ctx) => {
    const code = typeof ctx.query.error === 'string' ? ctx.query.error : 'invalid_request';
    const [title, explanation] = explanations[code] ?? [
      'Something went wrong.',
      'Go back to the application and try to sign in again.',
    ];
    const details: [string, string][] = [['error', code]];
    for (const key of ['error_description', 'client_id'] as const) {
      const value = ctx.query[key];
      if (typeof value === 'string') details.push([key, value]);
    }
    ctx.status = 400;
    ctx.body = errorPage(title, explanation, details);
  });
  return router;
}
