import type { Brand } from '../brand.ts';

/**
 * The shared stylesheet; a product's brand only sets the custom properties at the top. Pages carry
 * it inline and the Content-Security-Policy allows it by its hash, so it holds no character React
 * would escape in a style element (`<>&"'`): the hash is of the text exactly as served.
 */
export function stylesheet(brand: Brand): string {
  return `
:root{--accent:${brand.accent};--on-accent:${brand.onAccent};--bg:${brand.background};--ink:#1b1f24;--muted:#59636e;--line:#d8dee4}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:var(--bg);color:var(--ink);line-height:1.5}
header{background:var(--accent);color:var(--on-accent)}
.bar{max-width:960px;margin:0 auto;padding:.75rem 1.25rem;display:flex;align-items:center;gap:1.25rem;flex-wrap:wrap}
.brand{display:flex;align-items:center;gap:.6rem;color:inherit;text-decoration:none;font-weight:700;font-size:1.15rem}
.mark{display:inline-grid;place-items:center;width:2rem;height:2rem;border-radius:.5rem;background:var(--on-accent);color:var(--accent);font-weight:800}
nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
nav a{color:inherit}
.who{margin-left:auto;display:flex;align-items:center;gap:.6rem;flex-wrap:wrap}
main{max-width:960px;margin:2rem auto;padding:0 1.25rem}
.card{background:#fff;border:1px solid var(--line);border-radius:.75rem;padding:1.5rem;margin-bottom:1.25rem}
h1{font-size:1.6rem;margin:0 0 .75rem}
h2{font-size:1.15rem;margin:0 0 .75rem}
button,.button{font:inherit;font-weight:600;border:0;border-radius:.5rem;padding:.55rem 1rem;background:var(--accent);color:var(--on-accent);cursor:pointer;text-decoration:none;display:inline-block}
header button{background:var(--on-accent);color:var(--accent)}
button.quiet{background:transparent;color:inherit;border:1px solid currentColor}
form.inline{display:inline}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1.25rem;margin:0}
dl .pair{display:contents}
dt{font-weight:600;color:var(--muted)}
dd{margin:0;overflow-wrap:anywhere}
.muted{color:var(--muted)}
.problem{border-left:.35rem solid #d1242f}
ul.items{margin:0;padding-left:1.25rem}
code{font-size:.9em}
`;
}
