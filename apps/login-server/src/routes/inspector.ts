import Router from '@koa/router';
import { html } from '../hosted-ui/html.ts';
import { page } from '../hosted-ui/layout.ts';
import { explainClaim } from '../inspector/claims.ts';
import { type DecodedToken, type Flow, flowLimit, keptFirstSteps, type Step } from '../inspector/flow-log.ts';
import type { Services } from '../services.ts';

const shownValue = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function claimsTable(caption: string, claims: Record<string, unknown>) {
  return html`<table><caption class="hint">${caption}</caption>
<thead><tr><th scope="col">Claim</th><th scope="col">Value</th><th scope="col">Meaning</th></tr></thead>
<tbody>${Object.entries(claims).map(
    ([name, value]) => html`<tr><td>${name}</td><td>${shownValue(value)}</td><td>${explainClaim(name)}</td></tr>`,
  )}</tbody></table>`;
}

function tokenView(token: DecodedToken) {
  return html`<h4>${token.name}</h4><p class="hint">${token.raw}</p>
${claimsTable(`${token.name} header`, token.header)}
${claimsTable(`${token.name} claims`, token.claims)}`;
}

function stepView(step: Step, number: number) {
  return html`<li value="${number}"><h3>${number}. ${step.title}</h3><p class="hint">${step.at.toISOString()}</p>
${step.details.length ? html`<table><tbody>${step.details.map(([label, value]) => html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`)}</tbody></table>` : ''}
${step.tokens.map(tokenView)}</li>`;
}

/** A flow's steps, numbered as they happened, with a line where older ones were let go. */
function stepsView(flow: Flow) {
  const number = (index: number) => (index < keptFirstSteps || !flow.omitted ? index + 1 : index + 1 + flow.omitted);
  return html`<ol>${flow.steps.map((step, index) => [
    index === keptFirstSteps && flow.omitted
      ? html`<li class="hint" role="note">${flow.omitted} steps not kept here (a long flow keeps its first ${keptFirstSteps} steps and its latest ones)</li>`
      : '',
    stepView(step, number(index)),
  ])}</ol>`;
}

/**
 * The flow inspector (an extension: Cognito has nothing like it), local only and off unless the
 * pool file sets `server.inspector`: recent sign-ins step by step, with the triggers they ran, secrets masked.
 */
export function inspectorRoutes(services: Services): Router {
  const router = new Router();
  router.get('/inspector', (ctx) => {
    const { flows } = services;
    if (!flows) return; // off: the server's 404
    const list = flows.list();
    ctx.body = page({
      title: 'Flow inspector',
      wide: true,
      body: html`<h1>Flow inspector</h1>
<p>The last ${flowLimit} flows this process saw, newest first, kept in its memory only (lost at restart,
not shared between instances): sign-ins through the hosted pages and through the sign-in API, their
challenges, refreshes, revocations and sign-outs, and the Lambda triggers each ran. Triggers that run outside any
sign-in (a sign-up or a password reset through the API) are a flow of their own, named by the request. Codes, sessions, SRP
values and refresh tokens are masked; client secrets and passwords are never recorded.</p>
${
  list.length
    ? list.map(
        (flow) => html`<section><h2>${flow.title ?? `Flow of ${flow.clientId ?? 'an unknown client'}`}</h2>
${stepsView(flow)}</section>`,
      )
    : html`<p role="status">No sign-ins yet.</p>`
}`,
    });
  });
  return router;
}
