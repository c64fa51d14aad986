import type { TestProject } from 'vitest/node';
import {
	closeAdminClient,
	createTemplateDatabase,
	dropDatabase,
	testPostgresUrl
} from './postgres-databases';

// Vitest's global setup: on PostgreSQL, the migrated template every test
// database is copied from, made once before any test file runs and dropped
// after the last.

declare module 'vitest' {
	export interface ProvidedContext {
		postgresTemplate: string | null;
	}
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const serverUrl = testPostgresUrl();
	if (!serverUrl) {
		project.provide('postgresTemplate', null);
		return async () => {};
	}
	const template = await createTemplateDatabase(serverUrl);
	project.provide('postgresTemplate', template);
	return async () => {
		await dropDatabase(serverUrl, template);
		await closeAdminClient();
	};
}
