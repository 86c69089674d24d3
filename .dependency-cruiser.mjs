// @ts-check
/**
 * `npm run check:dependencies` (dependency-cruiser's half; knip.jsonc is the other): module cycles,
 * the layering of docs/architecture.md, workspaces imported only by their package name and only
 * when declared, and development-only packages kept out of what ships.
 *
 * The workspaces and what each declares are read from the package.json files, so a dependency
 * added or removed there changes the rules with it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const repoRoot = import.meta.dirname;
const readManifest = (dir) => JSON.parse(readFileSync(path.join(repoRoot, dir, 'package.json'), 'utf8'));

/**
 * @typedef {{ name: string, dir: string, path: string, dependencies: string[], devDependencies: string[] }} Workspace
 * `path` matches the files the workspace owns. The root package owns the root's own files and
 * scripts/ (the repository's commands: npm start, build, bench), which has no package.json.
 */

/** @param {string} dir @param {string} owns @returns {Workspace} */
function workspace(dir, owns) {
  const manifest = readManifest(dir);
  const names = (field) => Object.keys(manifest[field] ?? {});
  return {
    name: manifest.name,
    dir,
    path: owns,
    dependencies: [...names('dependencies'), ...names('peerDependencies'), ...names('optionalDependencies')],
    devDependencies: names('devDependencies'),
  };
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const folders = readManifest('.').workspaces.flatMap((pattern) =>
  pattern.endsWith('/*')
    ? readdirSync(path.join(repoRoot, pattern.slice(0, -2)), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
    : [pattern],
);
/** @type {Workspace[]} */
const workspaces = [
  workspace('.', '^(scripts/|[^/]+[.](ts|mts|js|mjs|cjs)$)'),
  ...folders
    .filter((dir) => existsSync(path.join(repoRoot, dir, 'package.json')))
    .map((dir) => workspace(dir, `^${escapeRegExp(dir)}/`)),
];
const byName = new Map(workspaces.map((w) => [w.name, w]));
const folderOf = (name) => byName.get(name)?.dir;
/** A regular expression for the files of these workspaces (one that matches nothing for none). */
const filesOf = (list) => (list.length ? list.map((w) => `(${w.path})`).join('|') : '^$');
const packages = workspaces.filter((w) => w.dir !== '.');

/**
 * docs/architecture.md as layers: a workspace imports only workspaces of lower layers, dev
 * dependencies (its tests) included. Lower layers never reach up, so the workspace graph has no
 * cycle; and since an app is never below another app, no app imports another. Every workspace must
 * be placed here.
 */
const layers = [
  ['@sso/service', '@sso/local-postgres', '@sso/account-binding', '@sso/pulumi', '@sso/e2e'],
  ['@sso/testing'],
  ['@sso/prisma-migrate', '@sso/remix-auth-cognito'],
  ['@sso/product-auth'],
  ['@sso/product-app', '@sso/product-db'],
  ['@sso/login-server', '@sso/product-a', '@sso/product-b'],
  ['@sso/deploy-checks', readManifest('.').name],
];
const layerOf = new Map(layers.flatMap((names, index) => names.map((name) => [name, index])));
for (const w of workspaces) {
  if (!layerOf.has(w.name)) throw new Error(`.dependency-cruiser.mjs: place workspace ${w.name} in a layer`);
}

/**
 * What only development runs: tests and their fixtures, tool configuration, the e2e suite, the
 * deploy checks, and the repository's commands (scripts/: the local stack, build, bench).
 */
const developmentOnly = [
  '(^|/)test/',
  '[.](test|spec)[.]tsx?$',
  '(^|/)[a-z-]+[.]config[.]ts$',
  '^vitest[.]global-setup[.]ts$',
  '^e2e/',
  '^deploy/checks/',
  '^scripts/',
  // Loaded only with NODE_ENV=development (the build leaves Vite out: scripts/build/targets.ts).
  '^packages/product-app/src/server/vite-dev-server[.]ts$',
];

/** @param {string} name @param {string} comment @param {Workspace[]} list @param {(w: Workspace) => object | undefined} rule */
const perWorkspace = (name, comment, list, rule) =>
  list.flatMap((w) => {
    const made = rule(w);
    return made ? [{ name, severity: 'error', comment, ...made }] : [];
  });

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other, directly or around a loop: one of them has to give.',
      from: {},
      to: { circular: true },
    },
    ...perWorkspace(
      'workspace-layers',
      'A workspace imports only workspaces of lower layers (docs/architecture.md); importing one of the same or a higher layer would close a cycle between workspaces or break the layering.',
      workspaces,
      (w) => {
        const notBelow = workspaces.filter((other) => other !== w && layerOf.get(other.name) >= layerOf.get(w.name));
        return { from: { path: w.path }, to: { path: filesOf(notBelow) } };
      },
    ),
    {
      name: 'no-relative-import-across-workspaces',
      severity: 'error',
      comment:
        "Another workspace's files are reached through its package name and its package.json exports, declared in package.json; never by a relative path into its folder.",
      from: { path: `^(${packages.map((w) => escapeRegExp(w.dir)).join('|')})/` },
      to: { path: filesOf(workspaces), pathNot: '^$1/', dependencyTypesNot: ['aliased-workspace'] },
    },
    {
      name: 'no-relative-import-across-workspaces',
      severity: 'error',
      comment:
        "Another workspace's files are reached through its package name and its package.json exports, declared in package.json; never by a relative path into its folder.",
      from: { path: workspaces[0].path },
      to: { path: filesOf(packages), dependencyTypesNot: ['aliased-workspace'] },
    },
    ...perWorkspace(
      'workspace-not-declared',
      'A workspace imported by its package name is declared in the importing package.json (dependencies, or devDependencies for what only development runs).',
      workspaces,
      (w) => {
        const declared = new Set([w.name, ...w.dependencies, ...w.devDependencies]);
        return {
          from: { path: w.path },
          to: { dependencyTypes: ['aliased-workspace'], path: filesOf(packages.filter((o) => !declared.has(o.name))) },
        };
      },
    ),
    ...perWorkspace(
      'workspace-dev-dependency-in-production',
      'Code that ships imports only workspaces from its dependencies: devDependencies are for tests and tools.',
      workspaces,
      (w) => {
        const devOnly = w.devDependencies.filter((name) => !w.dependencies.includes(name) && byName.has(name));
        if (!devOnly.length) return undefined;
        return {
          from: { path: w.path, pathNot: developmentOnly },
          to: {
            dependencyTypes: ['aliased-workspace'],
            dependencyTypesNot: ['type-only'],
            path: filesOf(devOnly.map((name) => /** @type {Workspace} */ (byName.get(name)))),
          },
        };
      },
    ),
    {
      name: 'npm-not-declared',
      severity: 'error',
      comment:
        'An npm package is imported only when the importing package.json (or the root one, whose packages npm hoists) declares it.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'npm-dev-dependency-in-production',
      severity: 'error',
      comment:
        'Code that ships imports only npm packages from its dependencies: devDependencies are not installed with it.',
      from: { pathNot: developmentOnly },
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['npm', 'npm-peer', 'npm-optional', 'type-only'],
      },
    },
    {
      name: 'testing-only-in-tests',
      severity: 'error',
      comment: '@sso/testing holds test helpers only: nothing that ships imports it.',
      from: { pathNot: [...developmentOnly, `^${escapeRegExp(folderOf('@sso/testing'))}/`] },
      to: { path: `^${escapeRegExp(folderOf('@sso/testing'))}/` },
    },
    {
      name: 'no-app-imports-an-app',
      severity: 'error',
      comment: 'Apps talk to each other over HTTP only, exactly as they would to real Cognito.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'packages-never-import-apps',
      severity: 'error',
      comment: 'Shared packages serve the apps; they never depend on one.',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'products-sign-in-through-the-shell',
      severity: 'error',
      comment:
        'apps → @sso/product-app (shell) → @sso/product-auth → @sso/remix-auth-cognito: a product uses the shell, the shell uses product-auth, and only product-auth knows the Cognito strategy.',
      from: { path: '^apps/product-[^/]+/' },
      to: {
        path: `^(${escapeRegExp(folderOf('@sso/product-auth'))}|${escapeRegExp(folderOf('@sso/remix-auth-cognito'))})/`,
      },
    },
    {
      name: 'products-sign-in-through-the-shell',
      severity: 'error',
      comment:
        'apps → @sso/product-app (shell) → @sso/product-auth → @sso/remix-auth-cognito: the shell reaches the Cognito strategy only through product-auth.',
      from: { path: `^${escapeRegExp(folderOf('@sso/product-app'))}/` },
      to: { path: `^${escapeRegExp(folderOf('@sso/remix-auth-cognito'))}/` },
    },
    {
      name: 'one-database-per-product',
      severity: 'error',
      comment:
        "Product A uses only @sso/product-db/product-a, product B only product-b: neither reads the other's users (ADR 0003).",
      from: { path: '^apps/product-(a|b)/' },
      to: { path: '^prisma/product-[^/]+/', pathNot: '^prisma/product-$1/' },
    },
    {
      name: 'login-server-stands-alone',
      severity: 'error',
      comment:
        'The login server is Cognito-compatible and knows nothing of the products: its own store, the shared service plumbing only.',
      from: { path: '^apps/login-server/' },
      to: {
        path: filesOf(
          packages.filter(
            (w) => !['@sso/service', '@sso/prisma-migrate', '@sso/testing', '@sso/login-server'].includes(w.name),
          ),
        ),
      },
    },
    {
      name: 'e2e-over-http-only',
      severity: 'error',
      comment:
        'The e2e suite reaches the stack over HTTP and a browser only: it imports no code of the repository outside e2e/.',
      from: { path: '^e2e/' },
      to: { pathNot: ['^e2e/', '(^|/)node_modules/'], dependencyTypesNot: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: ['(^|/)node_modules/'] },
    // Builds, generated code and reports of the repository's own (dependencies stay visible).
    exclude: {
      path: [
        '^(apps|packages|scripts|prisma|deploy)/[^/]+/(dist|build|generated)/',
        '^(apps|packages)/[^/]+/src/generated/',
        '^e2e/(test-results|playwright-report|screenshots)/',
        '^([.]data|coverage)/',
      ],
    },
    // Type-only imports count: they are dependencies between workspaces all the same.
    tsPreCompilationDeps: true,
    // A workspace may use what the root package declares (npm hoists it), as npm resolves it.
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
