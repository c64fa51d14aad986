import type { TestProject } from 'vitest/node';
import {
	closeAdminClient,
	createTemplateDatabase,
	dropDatabase,
	testPostgresUrl
} from './postgres-databases';
import { storeBuiltinTemplates } from './builtin-templates';

// Vitest's global setup: on PostgreSQL, the migrated template every test
// database is copied from, made once before any test file runs and dropped
// after the last.

declare module 'vitest' {
	export interface ProvidedContext {
		/** Migrated; and migrated with the built-in worksheets stored. */
		postgresTemplates: { bare: string; withBuiltins: string } | null;
	}
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const serverUrl = testPostgresUrl();
	if (!serverUrl) {
		project.provide('postgresTemplates', null);
		return async () => {};
	}
	const bare = await createTemplateDatabase(serverUrl);
	// Storing the built-ins takes longer than copying a database that has them.
	const withBuiltins = await createTemplateDatabase(serverUrl, {
		template: bare,
		prepare: storeBuiltinTemplates
	});
	project.provide('postgresTemplates', { bare, withBuiltins });
	return async () => {
		await dropDatabase(serverUrl, withBuiltins);
		await dropDatabase(serverUrl, bare);
		await closeAdminClient();
	};
}
