import { defineConfig } from 'prisma/config';

// Only `prisma generate` runs through the CLI; migrations are applied at start-up (src/db/).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
