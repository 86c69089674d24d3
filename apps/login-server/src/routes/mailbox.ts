import Router from '@koa/router';
import { html } from '../hosted-ui/html.ts';
import { page } from '../hosted-ui/layout.ts';
import type { Services } from '../services.ts';

/**
 * The local mailbox (an extension: Cognito sends real email). `/mailbox` lists what would have
 * been sent; `/mailbox/messages?to=<email>` returns the same as JSON, newest first, for tests.
 */
export function mailboxRoutes(services: Services): Router {
  const router = new Router();
  const recipient = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

  router.get('/mailbox/messages', async (ctx) => {
    ctx.body = await services.mailbox.list(recipient(ctx.query.to));
  });

  router.get('/mailbox', async (ctx) => {
    const to = recipient(ctx.query.to);
    const messages = await services.mailbox.list(to);
    ctx.body = page({
      title: 'Mailbox',
      wide: true,
      body: html`<h1>Mailbox${to ? ` for ${to}` : ''}</h1>
<p>Email this local user pool would have sent, newest first.</p>
<form method="get" action="/mailbox"><label for="mailboxTo">Recipient</label>
<input id="mailboxTo" name="to" type="email" value="${to ?? ''}"><button type="submit">Filter</button></form>
${
  messages.length
    ? html`<table><caption class="hint">${messages.length} message(s)</caption>
<thead><tr><th scope="col">Sent</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Message</th></tr></thead>
<tbody>${messages.map(
        (m) =>
          html`<tr><td>${m.createdAt.toISOString()}</td><td>${m.to}</td><td>${m.subject}</td><td>${m.body}</td></tr>`,
      )}</tbody></table>`
    : html`<p role="status">No messages.</p>`
}`,
    });
  });
  return router;
}
