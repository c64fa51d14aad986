import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignSeveral, type ValidAssignment } from './assignments';
import { builtinTemplate } from '../../worksheets/builtin';
import {
	createTestDatabase,
	insertTestCouple,
	insertTestPartner,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');

let t: TestDatabase;
let therapist: string;
let coupleId: string;

beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	coupleId = await insertTestCouple(t.db, therapist);
	for (const position of [1, 2] as const) {
		const { userId } = await insertTestPartner(t.db, coupleId, { position, joined: true });
		await t.db
			.updateTable('users')
			.set({ email_confirmed_at: now.toISOString() })
			.where('id', '=', userId!)
			.execute();
	}
});

afterEach(async () => {
	await t.cleanup();
});

const worksheet = (templateId: string): ValidAssignment => ({
	template: builtinTemplate(templateId)!,
	addressees: [null],
	dueAt: '2026-12-01T18:00:00.000Z',
	note: 'Both this week.',
	recurrence: 'once'
});

describe('assignSeveral', () => {
	it('sets every worksheet with one due date and note, and queues the news once per partner', async () => {
		const ids = await assignSeveral(
			t.db,
			by(therapist),
			coupleId,
			[worksheet('accountability'), worksheet('core-issues')],
			now
		);
		expect(ids).toHaveLength(2);
		const rows = await t.db
			.selectFrom('assignments')
			.select(['template_id', 'step', 'due_at', 'note'])
			.where('couple_id', '=', coupleId)
			.orderBy('template_id')
			.execute();
		expect(rows).toEqual([
			{
				template_id: 'accountability',
				step: 5,
				due_at: '2026-12-01T18:00:00.000Z',
				note: 'Both this week.'
			},
			{
				template_id: 'core-issues',
				step: 6,
				due_at: '2026-12-01T18:00:00.000Z',
				note: 'Both this week.'
			}
		]);
		const mail = await t.db
			.selectFrom('outbox')
			.select('user_id')
			.where('kind', '=', 'new-homework')
			.execute();
		expect(mail).toHaveLength(2);
		expect(new Set(mail.map((row) => row.user_id)).size).toBe(2);
	});

	it('sets nothing for another therapist’s couple', async () => {
		const other = (await insertTestUser(t.db, { role: 'therapist' })).id;
		expect(
			await assignSeveral(t.db, by(other), coupleId, [worksheet('accountability')], now)
		).toBeNull();
		expect(await t.db.selectFrom('assignments').select('id').execute()).toEqual([]);
		expect(await t.db.selectFrom('outbox').select('id').execute()).toEqual([]);
	});
});
