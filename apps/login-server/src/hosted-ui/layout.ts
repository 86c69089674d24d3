import { createHash } from 'node:crypto';
import { html, SafeHtml } from './html.ts';

const styles = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f2f3f3;color:#16191f}
main{max-width:400px;margin:48px auto;padding:32px;background:#fff;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15)}
h1{font-size:1.35rem;margin:0 0 1rem}
p{line-height:1.45}
label{display:block;font-weight:600;margin:1rem 0 .35rem}
input{width:100%;padding:.6rem .7rem;font-size:1rem;border:1px solid #879596;border-radius:4px}
input:focus{outline:2px solid #0972d3;outline-offset:1px}
button{width:100%;margin-top:1.4rem;padding:.7rem;font-size:1rem;font-weight:600;color:#fff;background:#0972d3;border:0;border-radius:20px;cursor:pointer}
button.link{width:auto;margin:0;padding:0;background:none;color:#0972d3;font-weight:400;text-decoration:underline}
button:focus-visible{outline:2px solid #16191f;outline-offset:2px}
a{color:#0972d3}
.error{padding:.7rem .9rem;border-left:4px solid #d91515;background:#fff7f7;color:#a61b1b}
.notice{padding:.7rem .9rem;border-left:4px solid #0972d3;background:#f2f8fd}
.hint{font-size:.85rem;color:#5f6b7a;margin:.3rem 0 0}
.qr svg{display:block;margin:1rem auto}
.secret{display:block;padding:.5rem;background:#f2f3f3;border-radius:4px;overflow-wrap:anywhere;font-size:.95rem}
.links{margin-top:1.2rem;font-size:.95rem}
.links p{margin:.4rem 0}
table{width:100%;border-collapse:collapse;font-size:.9rem}
th,td{text-align:left;padding:.45rem;border-bottom:1px solid #e9ebed;vertical-align:top}
footer{max-width:400px;margin:0 auto;text-align:center;font-size:.8rem;color:#5f6b7a}
`;

/** The page's one inline style sheet, in its two forms (the mailbox is wider). */
const styleSheet = (wide: boolean | undefined) => styles + (wide ? 'main{max-width:860px}' : '');

/** The Content-Security-Policy sources that allow exactly these style sheets, and nothing else inline. */
export const styleSources = [false, true].map(
  (wide) => `'sha256-${createHash('sha256').update(styleSheet(wide)).digest('base64')}'`,
);

interface PageOptions {
  title: string;
  body: SafeHtml;
  wide?: boolean;
}

/** Every hosted page: one landmark, a heading, no scripts (the security headers allow none). */
export function page({ title, body, wide }: PageOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new SafeHtml(styleSheet(wide))}</style>
</head>
<body>
<main>
${body}
</main>
<footer><p>Local Cognito-compatible login server</p></footer>
</body>
</html>
`.value;
}

/** An error or notice region that screen readers announce. */
export function alert(message: string | undefined): SafeHtml | undefined {
  return message ? html`<p class="error" role="alert">${message}</p>` : undefined;
}

export function notice(message: string | undefined): SafeHtml | undefined {
  return message ? html`<p class="notice" role="status">${message}</p>` : undefined;
}
