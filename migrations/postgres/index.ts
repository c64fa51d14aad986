import type { Migration } from 'kysely';

// The PostgreSQL form of every migration in ../index.ts, by the same name.
export const migrations: Record<string, Migration> = {};
