import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	acknowledgeFlag,
	coupleFlagHistory,
	escalateFlag,
	hasOpenUrgentSafetyFlag,
	readAcknowledgement,
	readResolution,
	readSeenTier,
	resolveFlag,
	type SafetyResolution
} from './flag-follow-up';
import { insertTestCouple, insertTestFlag } from '../testing/casework';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { by } from '../testing/actors';
import { weekAhead } from '../views/week-ahead';
import { scheduleSession } from './therapy-sessions';

const now = new Date('2026-11-27T14:00:00.000Z');
const later = new Date('2026-11-28T10:00:00.000Z');

const SAFE_FORM = {
	note: 'Seen alone on Friday.',
	contactMade: 'yes',
	contact: '27 Nov, phone call, alone',
	riskAssessed: 'yes',
	riskLevel: 'moderate',
	safetyPlanMade: 'yes',
	jointSessions: 'individual-only'
};

function safetyRecord(): SafetyResolution {
	const { resolution } = readResolution('safety', SAFE_FORM);
	return resolution as SafetyResolution;
}

let t: TestDatabase;
let therapist: string;
let otherTherapist: string;
let coupleId: string;
let sam: string;
let safetyFlag: string;
let distressFlag: string;

beforeEach(async () => {
	t = await createTestDatabase();
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	otherTherapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	const couple = await insertTestCouple(t.db, therapist, {
		name: 'Alex & Sam',
		partnerNames: ['Alex', 'Sam'],
		at: new Date('2026-11-01T10:00:00.000Z')
	});
	coupleId = couple.coupleId;
	sam = couple.partnerIds[1];
	safetyFlag = await insertTestFlag(t.db, {
		coupleId,
		partnerId: sam,
		kind: 'safety',
		tier: 'urgent',
		raisedAt: '2026-11-26T10:00:00.000Z'
	});
	distressFlag = await insertTestFlag(t.db, {
		coupleId,
		partnerId: sam,
		kind: 'distress',
		raisedAt: '2026-11-25T10:00:00.000Z'
	});
});

afterEach(async () => {
	await t.cleanup();
});

async function flagRow(id: string) {
	return t.db.selectFrom('flags').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function auditActions() {
	const rows = await t.db
		.selectFrom('audit_log')
		.select(['action', 'object_id', 'user_id'])
		.where('action', 'like', 'flag.%')
		.orderBy('id')
		.execute();
	return rows;
}

describe('the follow-up records', () => {
	it('asks for a short note to acknowledge', () => {
		expect(readAcknowledgement({ note: '  ' }).problems.note).toMatch(/Say in a line/);
		expect(readAcknowledgement({ note: 'x'.repeat(501) }).problems.note).toMatch(/500/);
		expect(readAcknowledgement({ note: ' Calling Sam today. ' }).acknowledgement).toEqual({
			note: 'Calling Sam today.'
		});
	});

	it('asks for the whole safety record, each problem beside its field', () => {
		expect(readResolution('safety', { note: '' }).problems).toEqual({
			contactMade: expect.any(String),
			riskAssessed: expect.any(String),
			safetyPlanMade: expect.any(String),
			jointSessions: expect.any(String)
		});
		const noDetail = readResolution('safety', { ...SAFE_FORM, contact: '', riskLevel: '' });
		expect(noDetail.problems).toEqual({
			contact: expect.any(String),
			riskLevel: expect.any(String)
		});
		expect(readResolution('safety', { ...SAFE_FORM, jointSessions: 'sometimes' }).problems).toEqual(
			{ jointSessions: expect.any(String) }
		);
		expect(safetyRecord()).toEqual({
			kind: 'safety',
			contactMade: true,
			contact: '27 Nov, phone call, alone',
			riskAssessed: true,
			riskLevel: 'moderate',
			safetyPlanMade: true,
			jointSessions: 'individual-only',
			note: 'Seen alone on Friday.'
		});
		// No contact and no assessment: recorded as such, without detail.
		expect(
			readResolution('safety', {
				...SAFE_FORM,
				contactMade: 'no',
				riskAssessed: 'no',
				note: ''
			}).resolution
		).toMatchObject({ contactMade: false, contact: '', riskAssessed: false, riskLevel: null });
	});

	it('asks for a note on any other flag', () => {
		expect(readResolution('distress', { note: '' }).problems.note).toMatch(/what was done/);
		expect(readResolution('distress', { note: 'Talked it through.' }).resolution).toEqual({
			kind: 'note',
			note: 'Talked it through.'
		});
	});
});

describe('open → acknowledged → resolved', () => {
	it('acknowledges, then resolves, each step audited with the change', async () => {
		expect(
			await acknowledgeFlag(
				t.db,
				by(therapist),
				safetyFlag,
				'urgent',
				{ note: 'Calling Sam.' },
				now
			)
		).toBe('done');
		expect(await flagRow(safetyFlag)).toMatchObject({
			acknowledged_at: now.toISOString(),
			acknowledged_by: therapist,
			acknowledgement: JSON.stringify({ note: 'Calling Sam.' }),
			resolved_at: null
		});
		expect(
			await resolveFlag(t.db, by(therapist), safetyFlag, 'urgent', safetyRecord(), later)
		).toBe('done');
		const row = await flagRow(safetyFlag);
		expect(row).toMatchObject({ resolved_at: later.toISOString(), resolved_by: therapist });
		expect(JSON.parse(row.resolution!)).toEqual(safetyRecord());
		expect(await auditActions()).toEqual([
			{ action: 'flag.acknowledge', object_id: safetyFlag, user_id: therapist },
			{ action: 'flag.resolve', object_id: safetyFlag, user_id: therapist }
		]);
	});

	it('may resolve straight from open, leaving no acknowledgement', async () => {
		expect(
			await resolveFlag(
				t.db,
				by(therapist),
				distressFlag,
				'watch',
				{ kind: 'note', note: 'Done.' },
				now
			)
		).toBe('done');
		expect(await flagRow(distressFlag)).toMatchObject({
			acknowledged_at: null,
			resolved_at: now.toISOString()
		});
	});

	it('only goes forward', async () => {
		await acknowledgeFlag(t.db, by(therapist), safetyFlag, 'urgent', { note: 'Calling Sam.' }, now);
		expect(
			await acknowledgeFlag(t.db, by(therapist), safetyFlag, 'urgent', { note: 'Again' }, later)
		).toBe('out-of-order');
		await resolveFlag(t.db, by(therapist), safetyFlag, 'urgent', safetyRecord(), later);
		expect(
			await resolveFlag(t.db, by(therapist), safetyFlag, 'urgent', safetyRecord(), later)
		).toBe('out-of-order');
		expect(
			await acknowledgeFlag(t.db, by(therapist), safetyFlag, 'urgent', { note: 'Late' }, later)
		).toBe('out-of-order');
		expect((await flagRow(safetyFlag)).acknowledgement).toBe(
			JSON.stringify({ note: 'Calling Sam.' })
		);
		expect(await auditActions()).toHaveLength(2);
	});

	it('refuses a record that does not fit the kind of flag', async () => {
		expect(
			await resolveFlag(
				t.db,
				by(therapist),
				safetyFlag,
				'urgent',
				{ kind: 'note', note: 'Fine.' },
				now
			)
		).toBe('out-of-order');
		expect((await flagRow(safetyFlag)).resolved_at).toBeNull();
	});

	it('refuses another therapist as if there were no such flag', async () => {
		expect(
			await acknowledgeFlag(t.db, by(otherTherapist), safetyFlag, 'urgent', { note: 'Mine?' }, now)
		).toBe('not-found');
		expect(
			await resolveFlag(t.db, by(otherTherapist), safetyFlag, 'urgent', safetyRecord(), now)
		).toBe('not-found');
		expect(await flagRow(safetyFlag)).toMatchObject({ acknowledged_at: null, resolved_at: null });
		expect(await auditActions()).toEqual([]);
	});
});

describe('a follow-up written on a page opened before the flag escalated', () => {
	/** A more urgent answer from Sam arrives: the watch-tier flag is urgent now, and open. */
	async function samHandsInWorse() {
		const samUser = (await insertTestUser(t.db, { role: 'partner' })).id;
		expect(await escalateFlag(t.db, by(samUser), distressFlag, 'urgent', now)).toBe('escalated');
	}

	async function followUpAudit() {
		return (await auditActions()).filter((row) => row.action !== 'flag.escalate');
	}

	it('reads the tier the page showed, and nothing else, as what the therapist saw', () => {
		expect(readSeenTier('urgent')).toBe('urgent');
		expect(readSeenTier('watch')).toBe('watch');
		expect(readSeenTier('needs-reading')).toBe('needs-reading');
		for (const malformed of ['', 'Urgent', ' watch', 'watch ', 'critical', '__proto__', 'toString'])
			expect(readSeenTier(malformed)).toBeNull();
	});

	it('is accepted at the tier the flag still has', async () => {
		expect(
			await acknowledgeFlag(t.db, by(therapist), distressFlag, 'watch', { note: 'Asking.' }, now)
		).toBe('done');
		expect(
			await resolveFlag(
				t.db,
				by(therapist),
				distressFlag,
				'watch',
				{ kind: 'note', note: 'Done.' },
				later
			)
		).toBe('done');
		expect(await followUpAudit()).toEqual([
			{ action: 'flag.acknowledge', object_id: distressFlag, user_id: therapist },
			{ action: 'flag.resolve', object_id: distressFlag, user_id: therapist }
		]);
	});

	it('refuses an acknowledgement of the lesser tier, writing and auditing nothing', async () => {
		const before = await flagRow(distressFlag);
		await samHandsInWorse();
		const escalated = await flagRow(distressFlag);
		expect(escalated).toMatchObject({ ...before, tier: 'urgent' });
		expect(
			await acknowledgeFlag(t.db, by(therapist), distressFlag, 'watch', { note: 'Asking.' }, later)
		).toBe('changed');
		expect(await flagRow(distressFlag)).toEqual(escalated);
		expect(await followUpAudit()).toEqual([]);
		// Read again at its new tier, it is acknowledged.
		expect(
			await acknowledgeFlag(
				t.db,
				by(therapist),
				distressFlag,
				'urgent',
				{ note: 'Calling.' },
				later
			)
		).toBe('done');
	});

	it('refuses a resolution of the lesser tier, even after an acknowledgement set aside', async () => {
		await acknowledgeFlag(t.db, by(therapist), distressFlag, 'watch', { note: 'Asking.' }, now);
		await samHandsInWorse();
		const escalated = await flagRow(distressFlag);
		expect(
			await resolveFlag(
				t.db,
				by(therapist),
				distressFlag,
				'watch',
				{ kind: 'note', note: 'Fine.' },
				later
			)
		).toBe('changed');
		expect(await flagRow(distressFlag)).toEqual(escalated);
		expect(escalated).toMatchObject({ tier: 'urgent', acknowledged_at: null, resolved_at: null });
		expect(await followUpAudit()).toEqual([
			{ action: 'flag.acknowledge', object_id: distressFlag, user_id: therapist }
		]);
	});

	it('tells another therapist nothing of the flag, whatever tier they name', async () => {
		for (const tier of ['watch', 'urgent'] as const)
			expect(
				await acknowledgeFlag(t.db, by(otherTherapist), distressFlag, tier, { note: 'Mine?' }, now)
			).toBe('not-found');
	});
});

describe('after follow-up', () => {
	it('a resolved flag leaves the week ahead and stays in the history', async () => {
		await scheduleSession(
			t.db,
			by(therapist),
			coupleId,
			{
				startsAt: new Date('2026-11-30T10:00:00.000Z'),
				durationMinutes: 50,
				format: 'in-person',
				agenda: ''
			},
			now
		);
		const safetyOnWeek = async () =>
			(await weekAhead(t.db, therapist, now)).sessions.flatMap((session) => session.flags);
		expect(JSON.stringify(await safetyOnWeek())).toContain('Safety');
		await acknowledgeFlag(t.db, by(therapist), safetyFlag, 'urgent', { note: 'Calling Sam.' }, now);
		// Acknowledged is still open: it stays.
		expect(JSON.stringify(await safetyOnWeek())).toContain('Safety');
		await resolveFlag(t.db, by(therapist), safetyFlag, 'urgent', safetyRecord(), later);
		expect(JSON.stringify(await safetyOnWeek())).not.toContain('Safety');

		const history = await coupleFlagHistory(t.db, coupleId);
		expect(history.map((flag) => [flag.id, flag.tier, flag.state])).toEqual([
			[safetyFlag, 'urgent', 'resolved'],
			[distressFlag, 'watch', 'open']
		]);
		expect(history[0]).toMatchObject({
			partnerName: 'Sam',
			acknowledgement: { note: 'Calling Sam.' },
			resolution: safetyRecord()
		});
	});

	it('an urgent safety flag counts as open until resolved', async () => {
		expect(await hasOpenUrgentSafetyFlag(t.db, coupleId)).toBe(true);
		await acknowledgeFlag(t.db, by(therapist), safetyFlag, 'urgent', { note: 'Calling Sam.' }, now);
		expect(await hasOpenUrgentSafetyFlag(t.db, coupleId)).toBe(true);
		await resolveFlag(t.db, by(therapist), safetyFlag, 'urgent', safetyRecord(), later);
		expect(await hasOpenUrgentSafetyFlag(t.db, coupleId)).toBe(false);
	});

	it('a watch-tier safety flag asks for no caution', async () => {
		await resolveFlag(t.db, by(therapist), safetyFlag, 'urgent', safetyRecord(), later);
		await insertTestFlag(t.db, {
			coupleId,
			partnerId: sam,
			kind: 'safety',
			raisedAt: now.toISOString()
		});
		expect(await hasOpenUrgentSafetyFlag(t.db, coupleId)).toBe(false);
	});
});
