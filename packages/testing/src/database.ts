import { randomBytes } from 'node:crypto';
import { createDatabase } from '@sso/local-postgres';
import { inject } from 'vitest';
import { type Template, templateName } from './postgres.ts';

/**
 * A new database for one test: a copy of a migrated template (`login_server`, `product_a`,
 * `product_b`), or empty. Returns its URL.
 */
export function testDatabase(template?: Template): Promise<string> {
  const name = `test_${template ?? 'empty'}_${randomBytes(6).toString('hex')}`;
  return createDatabase(inject('postgresAdminUrl'), name, template ? templateName(template) : undefined);
}
