import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SAFETY_HELP_TEXT } from '../../worksheets/safety-help';
import {
	SAFETY_HELP_MAX_LENGTH,
	resetSafetyHelpText,
	safetyHelpProblem,
	safetyHelpText,
	setSafetyHelpText
} from './safety-help';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { by } from '../testing/actors';

let t: TestDatabase;
let therapist: string;
let otherTherapist: string;
const monday = new Date('2026-11-30T09:00:00.000Z');
const tuesday = new Date('2026-12-01T09:00:00.000Z');

beforeEach(async () => {
	t = await createTestDatabase();
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	otherTherapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
});

afterEach(async () => {
	await t.cleanup();
});

describe('safetyHelpText', () => {
	it('gives the default words when the therapist has written none', async () => {
		expect(await safetyHelpText(t.db, therapist)).toEqual({
			text: DEFAULT_SAFETY_HELP_TEXT,
			isDefault: true
		});
		expect(DEFAULT_SAFETY_HELP_TEXT).toMatch(/emergency/);
		expect(safetyHelpProblem(DEFAULT_SAFETY_HELP_TEXT)).toBeNull();
	});

	it("gives the therapist's own words once set", async () => {
		await setSafetyHelpText(
			t.db,
			by(therapist),
			'Call me on 555-0100, or the local crisis line.',
			monday
		);
		expect(await safetyHelpText(t.db, therapist)).toEqual({
			text: 'Call me on 555-0100, or the local crisis line.',
			isDefault: false
		});
	});

	it('replaces the words when set again, keeping one row', async () => {
		await setSafetyHelpText(t.db, by(therapist), 'First words.', monday);
		await setSafetyHelpText(t.db, by(therapist), 'Second words.', tuesday);
		expect(await safetyHelpText(t.db, therapist)).toEqual({
			text: 'Second words.',
			isDefault: false
		});
		const rows = await t.db
			.selectFrom('safety_help_texts')
			.selectAll()
			.where('therapist_id', '=', therapist)
			.execute();
		expect(rows).toEqual([
			{ therapist_id: therapist, text: 'Second words.', updated_at: tuesday.toISOString() }
		]);
	});

	it('goes back to the default when reset, and a reset with nothing set is harmless', async () => {
		await setSafetyHelpText(t.db, by(therapist), 'My words.', monday);
		await resetSafetyHelpText(t.db, by(therapist), monday);
		expect(await safetyHelpText(t.db, therapist)).toEqual({
			text: DEFAULT_SAFETY_HELP_TEXT,
			isDefault: true
		});
		await resetSafetyHelpText(t.db, by(therapist), monday);
		expect(await safetyHelpText(t.db, therapist)).toEqual({
			text: DEFAULT_SAFETY_HELP_TEXT,
			isDefault: true
		});
	});

	it("keeps each therapist's words to themselves", async () => {
		await setSafetyHelpText(t.db, by(therapist), 'Words of the first therapist.', monday);
		expect(await safetyHelpText(t.db, otherTherapist)).toEqual({
			text: DEFAULT_SAFETY_HELP_TEXT,
			isDefault: true
		});
		await setSafetyHelpText(t.db, by(otherTherapist), 'Words of the second therapist.', tuesday);
		expect(await safetyHelpText(t.db, therapist)).toEqual({
			text: 'Words of the first therapist.',
			isDefault: false
		});
		await resetSafetyHelpText(t.db, by(otherTherapist), monday);
		expect(await safetyHelpText(t.db, therapist)).toEqual({
			text: 'Words of the first therapist.',
			isDefault: false
		});
		expect(await safetyHelpText(t.db, otherTherapist)).toEqual({
			text: DEFAULT_SAFETY_HELP_TEXT,
			isDefault: true
		});
	});

	it('refuses words for someone who is not a user', async () => {
		await expect(setSafetyHelpText(t.db, by('nobody'), 'Words.', monday)).rejects.toThrow(
			/foreign key/i
		);
	});
});

describe('safetyHelpProblem', () => {
	it('refuses empty and blank words', () => {
		expect(safetyHelpProblem('')).toBe(
			'Write the words a partner should see, or restore the default.'
		);
		expect(safetyHelpProblem('  \n\t ')).toBe(
			'Write the words a partner should see, or restore the default.'
		);
	});

	it('takes up to 5,000 characters, counting an emoji as one', () => {
		expect(SAFETY_HELP_MAX_LENGTH).toBe(5000);
		expect(safetyHelpProblem('x'.repeat(5000))).toBeNull();
		expect(safetyHelpProblem('😀'.repeat(5000))).toBeNull();
		expect(safetyHelpProblem('x'.repeat(5001))).toBe('Keep it to 5,000 characters.');
		expect(safetyHelpProblem('😀'.repeat(5001))).toBe('Keep it to 5,000 characters.');
	});
});
