import { retryAfterSeconds } from '@sso/service';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Brand } from '../brand.ts';
import { stylesheet } from '../components/styles.ts';

/**
 * The page a product answers while its database is unreachable: its brand, what happened in words,
 * and when to try again (Retry-After). Rendered outside Remix, because the app's own pages need the
 * data that is missing: no script, and the same stylesheet as every page (which the server's
 * Content-Security-Policy allows by its hash).
 */
export function unavailableResponse(brand: Brand): Response {
  const title = `${brand.name} is briefly unavailable`;
  const page = renderToStaticMarkup(
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <style>{stylesheet(brand)}</style>
      </head>
      <body>
        <header>
          <div className="bar">
            <a href="/" className="brand">
              <span className="mark" aria-hidden="true">
                {brand.mark}
              </span>
              {brand.name}
            </a>
          </div>
        </header>
        <main>
          <section className="card problem" aria-labelledby="problem-title">
            <h1 id="problem-title">{title}</h1>
            <p>We cannot reach our data right now. Please try again in a few seconds.</p>
            <p className="muted">Error 503</p>
            <p>
              <a href="/">Go to the home page</a>
            </p>
          </section>
        </main>
      </body>
    </html>,
  );
  return new Response(`<!DOCTYPE html>${page}`, {
    status: 503,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Retry-After': String(retryAfterSeconds),
      'Cache-Control': 'no-store',
    },
  });
}
