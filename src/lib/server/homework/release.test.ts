import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SharedRelease } from '../database/schema';
import { assignHomework, readAssignmentInput, updateAssignment } from './assignments';
import { markReviewed, reopenResponse } from './review';
import { sharedWithPartner, sharedWorksheet } from './shared';
import { defaultReleaseFor, readRelease, releaseForAuthor } from './release';
import { insertTestCouple } from '../testing/casework';
import { editAgain, saveDraft, submitResponse } from '../testing/partner-pages';
import { worksheetForPartner, type PartnerRef } from './responses';
import type { Answers } from '../../worksheets/answers';
import type { SharingChoice } from '../../worksheets/audience';
import { builtinTemplate } from '../../worksheets/builtin';
import type { WorksheetTemplate } from '../../worksheets/template';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const later = (hours: number) => new Date(now.getTime() + hours * HOUR);
const template = (id: string): WorksheetTemplate => builtinTemplate(id)!;
const SHARE_ALL: SharingChoice = { therapistFields: true, sharedFields: true };

const ALEX_APOLOGY = 'I am sorry I kept cancelling our evenings for work.';
const SAM_APOLOGY = 'I am sorry I stopped telling you how my days went.';
const accountability = (apology: string): Answers => ({
	behaviours: {
		rows: [{ name: 'Cancelling plans', answers: { 'what-i-did': 'I cancelled at short notice.' } }]
	},
	'apology-draft': apology,
	commitments: {
		rows: [{ name: 'Evenings', answers: { 'what-i-will-do': 'One evening a week, kept.' } }]
	},
	'readiness-to-share': 6
});

let t: TestDatabase;
let therapist: string;
let coupleId: string;
let alex: PartnerRef;
let sam: PartnerRef;

beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	const couple = await insertTestCouple(t.db, therapist, {
		name: 'Alex & Sam',
		partnerNames: ['Alex', 'Sam'],
		at: now
	});
	coupleId = couple.coupleId;
	[alex, sam] = couple.partnerIds.map((partnerId) => ({ partnerId, coupleId })) as [
		PartnerRef,
		PartnerRef
	];
});

afterEach(async () => {
	await t.cleanup();
});

async function assign(release: SharedRelease | undefined, forOne?: PartnerRef): Promise<string> {
	const [id] = (await assignHomework(
		t.db,
		by(therapist),
		coupleId,
		{
			template: template('accountability'),
			addressees: [forOne?.partnerId ?? null],
			dueAt: later(72).toISOString(),
			note: '',
			recurrence: 'once',
			release
		},
		now
	))!;
	return id!;
}

async function handIn(partner: PartnerRef, assignmentId: string, apology: string, at: Date) {
	const state = await worksheetForPartner(t.db, partner, assignmentId, at);
	const result = await submitResponse(
		t.db,
		partner,
		assignmentId,
		accountability(apology),
		state!.revision,
		SHARE_ALL,
		at
	);
	if (result.outcome !== 'submitted') throw new Error(JSON.stringify(result));
	return result.responseId;
}

/** What the reader may read of the other partner's apology, every way a page asks. */
async function readsOf(reader: PartnerRef, responseId: string): Promise<string[]> {
	const listed = (await sharedWithPartner(t.db, reader)).map(
		(worksheet) => worksheet.answers['apology-draft'] as string
	);
	const opened = await sharedWorksheet(t.db, reader, responseId);
	expect(opened === null).toBe(listed.length === 0);
	return listed;
}

describe('when shared answers are released', () => {
	it('when handed in: as soon as the author hands it in', async () => {
		const id = await assign('handed-in');
		const response = await handIn(alex, id, ALEX_APOLOGY, later(1));
		expect(await readsOf(sam, response)).toEqual([ALEX_APOLOGY]);
	});

	it('once both have handed in: not before the reader has handed in theirs', async () => {
		const id = await assign('both-handed-in');
		const alexs = await handIn(alex, id, ALEX_APOLOGY, later(1));
		expect(await readsOf(sam, alexs)).toEqual([]);
		// Sam has started, but a draft releases nothing.
		expect(await saveDraft(t.db, sam, id, accountability(SAM_APOLOGY), 0, later(2))).toMatchObject({
			outcome: 'saved'
		});
		expect(await readsOf(sam, alexs)).toEqual([]);

		const sams = await handIn(sam, id, SAM_APOLOGY, later(3));
		expect(await readsOf(sam, alexs)).toEqual([ALEX_APOLOGY]);
		expect(await readsOf(alex, sams)).toEqual([SAM_APOLOGY]);

		// Alex opens theirs again to change it: both are held back until it is handed in again.
		expect(await editAgain(t.db, alex, id, later(4))).toBe('editing');
		expect(await readsOf(alex, sams)).toEqual([]);
		expect(await readsOf(sam, alexs)).toEqual([]);
	});

	it('once both have handed in: homework for one partner alone waits for nobody else', async () => {
		const id = await assign('both-handed-in', alex);
		const response = await handIn(alex, id, ALEX_APOLOGY, later(1));
		expect(await readsOf(sam, response)).toEqual([ALEX_APOLOGY]);
	});

	it('after review: not until the therapist has reviewed it, and not again once reopened', async () => {
		const id = await assign('reviewed');
		const alexs = await handIn(alex, id, ALEX_APOLOGY, later(1));
		await handIn(sam, id, SAM_APOLOGY, later(2));
		expect(await readsOf(sam, alexs)).toEqual([]);

		expect(await markReviewed(t.db, by(therapist), coupleId, alexs, later(3))).toBe(true);
		expect(await readsOf(sam, alexs)).toEqual([ALEX_APOLOGY]);
		// Sam's, not reviewed yet, stays with the therapist.
		expect(await sharedWithPartner(t.db, alex)).toEqual([]);

		expect(await reopenResponse(t.db, by(therapist), coupleId, alexs, 'Say more.', later(4))).toBe(
			true
		);
		expect(await readsOf(sam, alexs)).toEqual([]);
	});

	it('a therapist changing the rule changes what the other partner reads at once', async () => {
		const id = await assign('reviewed');
		const response = await handIn(alex, id, ALEX_APOLOGY, later(1));
		expect(await readsOf(sam, response)).toEqual([]);
		const change = { dueAt: later(72).toISOString(), note: '', recurrence: 'once' as const };
		await updateAssignment(t.db, by(therapist), id, { ...change, release: 'handed-in' }, later(2));
		expect(await readsOf(sam, response)).toEqual([ALEX_APOLOGY]);
		await updateAssignment(t.db, by(therapist), id, { ...change, release: 'reviewed' }, later(3));
		expect(await readsOf(sam, response)).toEqual([]);
	});

	it('the accountability worksheet waits for review unless the therapist chooses otherwise', async () => {
		const id = await assign(undefined);
		const response = await handIn(alex, id, ALEX_APOLOGY, later(1));
		expect(await readsOf(sam, response)).toEqual([]);
		expect(defaultReleaseFor(template('accountability'))).toBe('reviewed');
		expect(defaultReleaseFor(template('relationship-goals'))).toBe('handed-in');
	});
});

describe('the release on the assignment form', () => {
	const context = {
		partnerIds: ['p1', 'p2'],
		templates: new Map([
			['accountability', template('accountability')],
			['relationship-goals', template('relationship-goals')]
		]),
		zone: 'Europe/London',
		nextSessionAt: '2026-12-01T17:00:00.000Z'
	};
	const form = (templateId: string, release?: string) => ({
		templateId,
		who: 'both',
		dueDate: '',
		dueTime: '',
		note: '',
		recurrence: 'once',
		release
	});

	it('takes the worksheet’s default when the therapist leaves it so', () => {
		for (const value of [undefined, '', 'worksheet']) {
			expect(readAssignmentInput(form('accountability', value), context).assignment?.release).toBe(
				'reviewed'
			);
			expect(
				readAssignmentInput(form('relationship-goals', value), context).assignment?.release
			).toBe('handed-in');
		}
	});

	it('takes the therapist’s choice, and refuses anything else beside the field', () => {
		expect(
			readAssignmentInput(form('accountability', 'handed-in'), context).assignment?.release
		).toBe('handed-in');
		expect(readAssignmentInput(form('accountability', 'never'), context)).toEqual({
			problems: { release: 'Choose when the other partner may read it.' },
			assignment: null
		});
		expect(readRelease('__proto__', template('accountability'))).toBeNull();
	});

	it('tells the author when the other partner can read what they share', () => {
		const names = { otherPartner: 'Sam', therapist: 'Dr. Reyes' };
		expect(releaseForAuthor('handed-in', names)).toBe('');
		expect(releaseForAuthor('both-handed-in', names)).toBe('once Sam has handed in theirs');
		expect(releaseForAuthor('reviewed', names)).toBe('once Dr. Reyes has reviewed it');
	});
});
