import path from 'node:path';
import { createDatabase } from '@sso/local-postgres';
import { connectDatabase } from '@sso/prisma-migrate/database';
import { startTestPostgres, type Template, templateName, templates } from '@sso/testing/postgres';
import type { TestProject } from 'vitest/node';

/**
 * One PostgreSQL for the whole test run, with a migrated template database per schema that tests
 * copy (see @sso/testing's `testDatabase`). Stopped and deleted when the run ends.
 */
export default async function setup(project: TestProject) {
  const postgres = await startTestPostgres();
  await Promise.all(
    (Object.keys(templates) as Template[]).map(async (template) => {
      const url = await createDatabase(postgres.adminUrl(), templateName(template));
      const database = connectDatabase(url, { poolSize: 2 });
      try {
        await database.prepare(path.resolve(import.meta.dirname, templates[template]));
      } finally {
        await database.close();
      }
    }),
  );
  project.provide('postgresAdminUrl', postgres.adminUrl());
  return () => postgres.stop();
}
