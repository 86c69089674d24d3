const units = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Parses Cognito-style validity values such as `60m`, `1h`, `30d` (or a bare number of seconds). */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  const match = /^(\d+)\s*([smhd])$/.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * units[match[2] as keyof typeof units];
}
