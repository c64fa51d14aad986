import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinTemplate } from '../../worksheets/builtin';
import { DEFAULT_CRISIS_HELP_TEXT } from '../../worksheets/crisis-help';
import { DEFAULT_SAFETY_HELP_TEXT } from '../../worksheets/safety-help';
import type { Answers } from '../../worksheets/answers';
import { crisisHelpText, resetCrisisHelpText, setCrisisHelpText } from './crisis-help';
import { helpAfterHandIn } from './help-after-hand-in';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { by } from '../testing/actors';
import { SAFETY_ALL_CLEAR, SAFETY_URGENT, safetyWatch } from '../testing/safety-answers';

let t: TestDatabase;
let therapist: string;
let otherTherapist: string;
const now = new Date('2026-12-01T09:00:00.000Z');
const safety = builtinTemplate('safety-check-in')!;
const wellbeing = builtinTemplate('wellbeing-check-in')!;

/** The PHQ-9 answered "not at all" throughout, then item 9 as given. */
function phq9(item9: string): Answers {
	return {
		...Object.fromEntries(
			wellbeing.fields.flatMap((field) =>
				field.kind === 'single-choice' && field.key !== 'difficulty'
					? [[field.key, 'not-at-all']]
					: []
			)
		),
		'better-off-dead': item9
	};
}

beforeEach(async () => {
	t = await createTestDatabase();
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	otherTherapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
});

afterEach(async () => {
	await t.cleanup();
});

describe('crisisHelpText', () => {
	it('gives the default, naming emergency services without a country, until the therapist writes their own', async () => {
		expect(await crisisHelpText(t.db, therapist)).toEqual({
			text: DEFAULT_CRISIS_HELP_TEXT,
			isDefault: true
		});
		expect(DEFAULT_CRISIS_HELP_TEXT).toMatch(/local emergency number/);
		await setCrisisHelpText(t.db, by(therapist), 'Call the clinic line.', now);
		expect(await crisisHelpText(t.db, therapist)).toEqual({
			text: 'Call the clinic line.',
			isDefault: false
		});
		expect((await crisisHelpText(t.db, otherTherapist)).isDefault).toBe(true);
		await resetCrisisHelpText(t.db, by(therapist), now);
		expect((await crisisHelpText(t.db, therapist)).isDefault).toBe(true);
	});
});

describe('helpAfterHandIn', () => {
	it('shows the crisis help for any answer above “not at all” to PHQ-9 item 9, and nothing otherwise', async () => {
		await setCrisisHelpText(t.db, by(therapist), 'Our crisis words.', now);
		for (const answer of ['several-days', 'more-than-half-the-days', 'nearly-every-day'])
			expect(await helpAfterHandIn(t.db, therapist, wellbeing, phq9(answer))).toEqual({
				kind: 'crisis-help',
				text: 'Our crisis words.'
			});
		expect(await helpAfterHandIn(t.db, therapist, wellbeing, phq9('not-at-all'))).toBeNull();
	});

	it('shows the safety help for an urgent or watch screening, not for one that only needs reading', async () => {
		for (const answers of [SAFETY_URGENT, safetyWatch('More.')])
			expect(await helpAfterHandIn(t.db, therapist, safety, answers)).toEqual({
				kind: 'safety-help',
				text: DEFAULT_SAFETY_HELP_TEXT
			});
		expect(
			await helpAfterHandIn(t.db, therapist, safety, { ...SAFETY_ALL_CLEAR, 'anything-else': 'x' })
		).toBeNull();
		expect(await helpAfterHandIn(t.db, therapist, safety, {})).toBeNull();
		expect(await helpAfterHandIn(t.db, therapist, safety, SAFETY_ALL_CLEAR)).toBeNull();
	});

	it('shows nothing for a worksheet without concern rules', async () => {
		const csi = builtinTemplate('satisfaction-check-in')!;
		expect(await helpAfterHandIn(t.db, therapist, csi, {})).toBeNull();
	});
});
