import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Recurrence } from '../database/schema';
import { assignHomework, cancelAssignment } from '../homework/assignments';
import { coupleProgress, type CoupleProgress } from './progress';
import { builtinTemplate } from '../../worksheets/builtin';
import { checkInAnswers, insertTestCouple, insertTestResponse } from '../testing/casework';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();

let t: TestDatabase;
let therapist: string;

async function coupleOf(
	name: string,
	partnerNames: [string, string]
): Promise<{ id: string; partners: [string, string] }> {
	const { coupleId, partnerIds } = await insertTestCouple(t.db, therapist, {
		name,
		partnerNames,
		at: new Date(at(-40))
	});
	return { id: coupleId, partners: partnerIds };
}

async function assign(
	coupleId: string,
	templateId: string,
	createdDays: number,
	options: { to?: Array<string | null>; recurrence?: Recurrence } = {}
): Promise<string> {
	const recurrence = options.recurrence ?? 'once';
	const ids = await assignHomework(
		t.db,
		by(therapist),
		coupleId,
		{
			template: builtinTemplate(templateId)!,
			addressees: options.to ?? [null],
			dueAt: recurrence === 'once' ? at(createdDays + 7) : null,
			note: '',
			recurrence
		},
		new Date(at(createdDays))
	);
	return ids![0]!;
}

const empty = (partnerId: string) => ({
	partnerId,
	assignedAt: null,
	submittedAt: null,
	reviewedAt: null
});

beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
});

afterEach(async () => {
	await t.cleanup();
});

describe('coupleProgress', () => {
	let alex: string;
	let sam: string;
	let coupleId: string;
	let progress: CoupleProgress;

	beforeEach(async () => {
		const couple = await coupleOf('Alex & Sam', ['Alex', 'Sam']);
		coupleId = couple.id;
		[alex, sam] = couple.partners;

		// Step 5, twice: the earliest dates count.
		const firstAccountability = await assign(coupleId, 'accountability', -20);
		const secondAccountability = await assign(coupleId, 'accountability', -5);
		await insertTestResponse(t.db, {
			assignmentId: firstAccountability,
			partnerId: alex,
			status: 'reviewed',
			submittedAt: at(-10),
			reviewedAt: at(-9)
		});
		// Sent back for revision: once submitted, a draft now, so not done.
		await insertTestResponse(t.db, {
			assignmentId: firstAccountability,
			partnerId: sam,
			status: 'draft',
			submittedAt: at(-4),
			changedAfterSubmitAt: at(-3)
		});
		await insertTestResponse(t.db, {
			assignmentId: secondAccountability,
			partnerId: alex,
			status: 'submitted',
			submittedAt: at(-3)
		});
		await insertTestResponse(t.db, {
			assignmentId: secondAccountability,
			partnerId: sam,
			status: 'submitted',
			submittedAt: at(-1)
		});

		// Step 7, for Sam only.
		const slow = await assign(coupleId, 'taking-it-slow', -8, { to: [sam] });
		await insertTestResponse(t.db, {
			assignmentId: slow,
			partnerId: sam,
			status: 'reviewed',
			submittedAt: at(-6),
			reviewedAt: at(-5)
		});

		// Step 8, assigned and not started.
		await assign(coupleId, 'relationship-goals', -2);

		// Step 1, cancelled after Alex had done it: as if never assigned.
		const breakup = await assign(coupleId, 'breakup-reasons', -30);
		await insertTestResponse(t.db, {
			assignmentId: breakup,
			partnerId: alex,
			status: 'reviewed',
			submittedAt: at(-25),
			reviewedAt: at(-24)
		});
		await cancelAssignment(t.db, by(therapist), breakup, new Date(at(-22)));

		// The check-in before every session, and once as a one-off.
		const checkIn = await assign(coupleId, 'satisfaction-check-in', -16, {
			recurrence: 'before-each-session'
		});
		await insertTestResponse(t.db, {
			assignmentId: checkIn,
			partnerId: alex,
			status: 'submitted',
			submittedAt: at(-7),
			occurrence: 'session-2',
			answers: checkInAnswers(16)
		});
		await insertTestResponse(t.db, {
			assignmentId: checkIn,
			partnerId: sam,
			status: 'reviewed',
			submittedAt: at(-14),
			reviewedAt: at(-13),
			occurrence: 'session-1',
			answers: checkInAnswers(12)
		});
		await insertTestResponse(t.db, {
			assignmentId: checkIn,
			partnerId: alex,
			status: 'submitted',
			submittedAt: at(-15),
			occurrence: 'session-1',
			answers: checkInAnswers(20)
		});
		await insertTestResponse(t.db, {
			assignmentId: checkIn,
			partnerId: sam,
			status: 'draft',
			submittedAt: null,
			occurrence: 'session-2',
			answers: checkInAnswers(2)
		});
		await insertTestResponse(t.db, {
			assignmentId: checkIn,
			partnerId: sam,
			status: 'draft',
			submittedAt: at(-0.5),
			occurrence: 'session-3',
			answers: checkInAnswers(3)
		});
		const onceCheckIn = await assign(coupleId, 'satisfaction-check-in', -4);
		await insertTestResponse(t.db, {
			assignmentId: onceCheckIn,
			partnerId: alex,
			status: 'submitted',
			submittedAt: at(-3.5),
			answers: checkInAnswers(5)
		});

		// Another couple of the same therapist, busy with the same steps.
		const other = await coupleOf('Blake & Drew', ['Blake', 'Drew']);
		const theirs = await assign(other.id, 'accountability', -40);
		await insertTestResponse(t.db, {
			assignmentId: theirs,
			partnerId: other.partners[0],
			status: 'reviewed',
			submittedAt: at(-39),
			reviewedAt: at(-38)
		});
		await insertTestResponse(t.db, {
			assignmentId: theirs,
			partnerId: other.partners[1],
			status: 'submitted',
			submittedAt: at(-37)
		});
		const theirCheckIn = await assign(other.id, 'satisfaction-check-in', -40, {
			recurrence: 'before-each-session'
		});
		await insertTestResponse(t.db, {
			assignmentId: theirCheckIn,
			partnerId: other.partners[1],
			status: 'submitted',
			submittedAt: at(-11),
			occurrence: 'theirs',
			answers: checkInAnswers(1)
		});

		progress = await coupleProgress(t.db, coupleId);
	});

	it('names the partners in order', () => {
		expect(progress.partners).toEqual([
			{ id: alex, displayName: 'Alex' },
			{ id: sam, displayName: 'Sam' }
		]);
	});

	it('lists all ten steps, each partner with when it was first assigned, submitted and reviewed', () => {
		expect(progress.steps.map((step) => step.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		const step = (n: number) => progress.steps.find((entry) => entry.step === n)!.byPartner;
		expect(step(5)).toEqual([
			{ partnerId: alex, assignedAt: at(-20), submittedAt: at(-10), reviewedAt: at(-9) },
			// Sam's first submission was sent back and is a draft again: only the second counts.
			{ partnerId: sam, assignedAt: at(-20), submittedAt: at(-1), reviewedAt: null }
		]);
		expect(step(8)).toEqual([
			{ partnerId: alex, assignedAt: at(-2), submittedAt: null, reviewedAt: null },
			{ partnerId: sam, assignedAt: at(-2), submittedAt: null, reviewedAt: null }
		]);
		for (const n of [1, 2, 3, 4, 6, 9, 10])
			expect(step(n), `step ${n}`).toEqual([empty(alex), empty(sam)]);
	});

	it('counts homework for one partner only for that partner', () => {
		expect(progress.steps.find((entry) => entry.step === 7)!.byPartner).toEqual([
			empty(alex),
			{ partnerId: sam, assignedAt: at(-8), submittedAt: at(-6), reviewedAt: at(-5) }
		]);
	});

	it('charts check-ins only from the recurring check-in, submitted, oldest first', () => {
		// Not Sam's drafts, not the one-off check-in, not the other couple's.
		expect(progress.checkIns.map(({ partnerId, at, total }) => ({ partnerId, at, total }))).toEqual(
			[
				{ partnerId: alex, at: at(-15), total: 20 },
				{ partnerId: sam, at: at(-14), total: 12 },
				{ partnerId: alex, at: at(-7), total: 16 }
			]
		);
	});

	it('sums each partner up against their first check-in, item by item, flags marked', () => {
		expect(progress.summaries.map((summary) => summary.line)).toEqual([
			'Alex 20 → 16: reliable deterioration',
			'Sam 12: first check-in, the baseline'
		]);
		for (const point of progress.checkIns) {
			const items = Object.values(point.items);
			expect(items).toHaveLength(4);
			expect(items.reduce<number>((sum, item) => sum + (item ?? 0), 0)).toBe(point.total);
		}
		// The flag sits on Alex's latest check-in, the one that fell.
		expect(progress.checkIns.map((point) => point.flags)).toEqual([
			[],
			[],
			['reliable deterioration']
		]);
		expect(progress.flags.map((flag) => flag.detail)).toEqual([
			'Reliable deterioration on the relationship check-in, 20 → 16'
		]);
		expect(progress.settings).toEqual({ notOnTrackAfter: 4, checkInLeadHours: 24 });
		// One read recorded per check-in whose answers the item table shows.
		expect(progress.answersRead).toHaveLength(progress.checkIns.length);
	});

	it('counts one-off homework done per partner it is addressed to', () => {
		// Addressed: accountability twice for both (4), taking it slow for Sam (1), the one-off
		// check-in (2), the goals (2); the cancelled one and the recurring check-in aside.
		// Done: Alex both accountability worksheets and the check-in, Sam the second accountability and taking it slow.
		expect(progress.completion).toEqual({ done: 5, addressed: 9 });
	});
});

describe('coupleProgress for a couple with nothing yet', () => {
	it('has every step empty and nothing done', async () => {
		const { id, partners } = await coupleOf('New & Couple', ['New', 'Couple']);
		const progress = await coupleProgress(t.db, id);
		expect(progress.steps).toHaveLength(10);
		for (const step of progress.steps)
			expect(step.byPartner).toEqual([empty(partners[0]), empty(partners[1])]);
		expect(progress.checkIns).toEqual([]);
		expect(progress.summaries).toEqual([]);
		expect(progress.feedback).toEqual([]);
		expect(progress.completion).toEqual({ done: 0, addressed: 0 });
	});
});
