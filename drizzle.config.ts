import { defineConfig } from 'drizzle-kit';

// One set of migrations serves PostgreSQL and PGlite alike.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
});
