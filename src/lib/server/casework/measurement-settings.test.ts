import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { createCouple } from './couples';
import { readMeasurementSettings, saveMeasurementSettings } from './measurement-settings';

let t: TestDatabase;
const now = new Date('2026-12-02T09:00:00.000Z');

beforeEach(async () => {
	t = await createTestDatabase();
});

afterEach(async () => {
	await t.cleanup();
});

describe('reading the measurement settings', () => {
	it('takes 1 to 20 sessions and 24 or 48 hours, the defaults when left empty', () => {
		expect(readMeasurementSettings({ notOnTrackAfter: '6', checkInLeadHours: '48' })).toEqual({
			settings: { notOnTrackAfter: 6, checkInLeadHours: 48 },
			problems: {}
		});
		expect(readMeasurementSettings({ notOnTrackAfter: '', checkInLeadHours: '' })).toEqual({
			settings: { notOnTrackAfter: 4, checkInLeadHours: 24 },
			problems: {}
		});
	});

	it('says what is wrong beside each field', () => {
		expect(readMeasurementSettings({ notOnTrackAfter: '0', checkInLeadHours: '36' })).toEqual({
			settings: null,
			problems: {
				notOnTrackAfter: 'Enter a whole number of sessions from 1 to 20.',
				checkInLeadHours: 'Choose 24 or 48 hours.'
			}
		});
		expect(
			readMeasurementSettings({ notOnTrackAfter: '2.5', checkInLeadHours: '24' }).problems
		).toHaveProperty('notOnTrackAfter');
	});
});

describe('saving them', () => {
	it('changes only the therapist’s own couple, with an audit row', async () => {
		const { id: therapist } = await insertTestUser(t.db, { role: 'therapist' });
		const { id: other } = await insertTestUser(t.db, { role: 'therapist' });
		const by = (userId: string) => ({ userId, clientAddress: null });
		const coupleId = await createCouple(
			t.db,
			by(therapist),
			{
				name: 'Alex & Sam',
				partnerNames: ['Alex', 'Sam'],
				secretsPolicy: 'no-secrets',
				policyText: 'No secrets.'
			},
			now
		);
		const settings = { notOnTrackAfter: 6, checkInLeadHours: 48 as const };
		expect(await saveMeasurementSettings(t.db, by(other), coupleId, settings, now)).toBe(false);
		expect(await saveMeasurementSettings(t.db, by(therapist), coupleId, settings, now)).toBe(true);
		expect(
			await t.db
				.selectFrom('couples')
				.select(['not_on_track_after', 'check_in_lead_hours'])
				.where('id', '=', coupleId)
				.executeTakeFirst()
		).toEqual({ not_on_track_after: 6, check_in_lead_hours: 48 });
		const audit = await t.db
			.selectFrom('audit_log')
			.select(['user_id', 'action'])
			.where('action', '=', 'couple.change')
			.execute();
		expect(audit).toEqual([{ user_id: therapist, action: 'couple.change' }]);
	});
});
