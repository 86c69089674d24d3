/** The package an import specifier names: `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
export const packageName = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
