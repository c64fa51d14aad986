import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from './audit';
import { coupleTrail, coupleTrailActions, coupleTrailPeople, type TrailFilter } from './trail';
import { trailCsv } from './trail-csv';
import { readDayRange } from '../../day-range';
import {
	createTestDatabase,
	insertTestCouple,
	insertTestPartner,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';

let t: TestDatabase;
const everything: TrailFilter = {
	personId: null,
	action: null,
	range: readDayRange('', '', 'UTC').range
};
const from = (userId: string | null) => ({ userId, clientAddress: '203.0.113.9' });

beforeEach(async () => {
	t = await createTestDatabase();
});
afterEach(async () => {
	await t.cleanup();
});

async function practice() {
	const therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	const couple = await insertTestCouple(t.db, therapist, 'Alex & Sam');
	const alex = await insertTestPartner(t.db, couple, {
		position: 1,
		displayName: 'Alex',
		joined: true
	});
	await insertTestPartner(t.db, couple, { position: 2, displayName: 'Sam' });
	const other = await insertTestCouple(t.db, therapist, 'Jordan & Casey');
	const jordan = await insertTestPartner(t.db, other, {
		position: 1,
		displayName: 'Jordan',
		joined: true
	});
	return { therapist, couple, alex: alex.userId!, other, jordan: jordan.userId! };
}

describe('a couple’s audit trail', () => {
	it('holds the therapist’s reads of the couple and everything its partners did, and nothing of another couple', async () => {
		const p = await practice();
		const at = (iso: string) => new Date(iso);
		await recordAudit(
			t.db,
			from(p.therapist),
			'casework.view',
			{ type: 'couple', id: p.couple },
			at('2026-11-20T10:00:00Z')
		);
		await recordAudit(
			t.db,
			from(p.alex),
			'sign-in.success',
			{ type: 'user', id: p.alex },
			at('2026-11-21T10:00:00Z')
		);
		await recordAudit(
			t.db,
			from(null),
			'sign-in.failure',
			{ type: 'user', id: p.alex },
			at('2026-11-22T10:00:00Z')
		);
		await recordAudit(
			t.db,
			from(p.therapist),
			'casework.view',
			{ type: 'couple', id: p.other },
			at('2026-11-23T10:00:00Z')
		);
		await recordAudit(
			t.db,
			from(p.jordan),
			'sign-in.success',
			{ type: 'user', id: p.jordan },
			at('2026-11-24T10:00:00Z')
		);

		const trail = await coupleTrail(t.db, p.couple, everything, null);
		expect(trail.map((entry) => [entry.at, entry.action, entry.personId])).toEqual([
			['2026-11-22T10:00:00.000Z', 'sign-in.failure', null],
			['2026-11-21T10:00:00.000Z', 'sign-in.success', p.alex],
			['2026-11-20T10:00:00.000Z', 'casework.view', p.therapist]
		]);
		expect(await coupleTrailActions(t.db, p.couple)).toEqual([
			'casework.view',
			'sign-in.failure',
			'sign-in.success'
		]);
		expect(await coupleTrailPeople(t.db, p.couple, p.therapist)).toEqual([
			{ id: p.alex, name: 'Alex', role: 'partner' },
			{ id: p.therapist, name: expect.stringMatching(/^therapist/), role: 'therapist' }
		]);
	});

	it('filters by person, action and whole days', async () => {
		const p = await practice();
		for (const [who, action, iso] of [
			[p.therapist, 'casework.view', '2026-11-20T23:59:59Z'],
			[p.therapist, 'prep.view', '2026-11-21T00:00:00Z'],
			[p.alex, 'casework.view', '2026-11-21T12:00:00Z'],
			[p.therapist, 'casework.view', '2026-11-22T00:00:00Z']
		] as const)
			await recordAudit(t.db, from(who), action, { type: 'couple', id: p.couple }, new Date(iso));
		const filtered = (filter: Partial<TrailFilter>) =>
			coupleTrail(t.db, p.couple, { ...everything, ...filter }, null).then((rows) =>
				rows.map((row) => row.at)
			);
		expect(
			await filtered({ range: readDayRange('2026-11-21', '2026-11-21', 'UTC').range })
		).toEqual(['2026-11-21T12:00:00.000Z', '2026-11-21T00:00:00.000Z']);
		expect(await filtered({ personId: p.alex })).toEqual(['2026-11-21T12:00:00.000Z']);
		expect(await filtered({ personId: p.therapist, action: 'casework.view' })).toEqual([
			'2026-11-22T00:00:00.000Z',
			'2026-11-20T23:59:59.000Z'
		]);
	});
});

describe('the trail as CSV', () => {
	it('quotes every cell and keeps a spreadsheet from running a name as a formula', () => {
		const csv = trailCsv(
			[
				{
					id: 1,
					at: '2026-11-21T10:00:00.000Z',
					personId: 'u1',
					action: 'response.read',
					objectType: 'response',
					objectId: 'r"1',
					clientAddress: '203.0.113.9'
				}
			],
			[{ id: 'u1', name: '=HYPERLINK("x")', role: 'partner' }]
		);
		expect(csv).toBe(
			'"time (UTC)","person","role","action","object type","object id","from address"\r\n' +
				'"2026-11-21T10:00:00.000Z","\'=HYPERLINK(""x"")","partner","response.read","response","r""1","203.0.113.9"\r\n'
		);
	});
});
