import { afterEach, describe, expect, it } from 'vitest';
import { healthCheck } from './health-check';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';

let opened: TestDatabase | undefined;

afterEach(async () => {
	await opened?.cleanup();
	opened = undefined;
});

describe('the health check', () => {
	it('answers 200 ok, never stored, while the database answers', async () => {
		opened = await createTestDatabase();
		const db = opened.db;
		const response = await healthCheck(() => db);
		expect(response.status).toBe(200);
		expect(await response.text()).toBe('ok');
		expect(response.headers.get('Content-Type')).toMatch(/^text\/plain/);
		expect(response.headers.get('Cache-Control')).toBe('no-store');
	});

	it('answers 503 once the database is closed, saying nothing of why', async () => {
		opened = await createTestDatabase();
		const db = opened.db;
		await opened.cleanup();
		const response = await healthCheck(() => db);
		expect(response.status).toBe(503);
		const body = await response.text();
		expect(body).toBe('unavailable');
		expect(body).not.toMatch(/postgres|\.db|error|closed/i);
		expect(response.headers.get('Cache-Control')).toBe('no-store');
	});

	it('answers 503 before the server has opened its database', async () => {
		const response = await healthCheck(() => {
			throw new Error('The database was used before the server started it.');
		});
		expect(response.status).toBe(503);
	});
});
