import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countDifferences, recordMissingDifferences } from './differences';
import { assignHomework } from './assignments';
import { worksheetForPartner, type PartnerRef } from './responses';
import { editAgain, submitResponse } from '../testing/partner-pages';
import { reopenResponse } from './review';
import { insertTestCouple, insertTestResponse } from '../testing/casework';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import type { Answers } from '../../worksheets/answers';
import { DEFAULT_SHARING } from '../../worksheets/audience';
import { builtinTemplate } from '../../worksheets/builtin';
import { sideBySide } from '../../worksheets/compare';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');

/** The core-issue worksheet with the areas each partner named and how serious each is to them. */
function coreIssues(areas: Record<string, number>): Answers {
	return {
		areas: {
			rows: Object.entries(areas).map(([name, serious]) => ({
				name,
				answers: {
					'how-serious': serious,
					'what-it-looks-like': `What ${name} looks like from my side.`
				}
			}))
		},
		'priority-1': Object.keys(areas)[0]!,
		'hard-to-raise': 'How we talk about my family.'
	};
}

let t: TestDatabase;
let therapist: string;
let alex: PartnerRef;
let sam: PartnerRef;

beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	const { coupleId, partnerIds } = await insertTestCouple(t.db, therapist, {
		name: 'Alex & Sam',
		partnerNames: ['Alex', 'Sam'],
		at: now
	});
	[alex, sam] = partnerIds.map((partnerId) => ({ partnerId, coupleId })) as [
		PartnerRef,
		PartnerRef
	];
});

afterEach(async () => {
	await t.cleanup();
});

async function assign(templateId: string, forWhom: PartnerRef | null = null): Promise<string> {
	const ids = await assignHomework(
		t.db,
		by(therapist),
		alex.coupleId,
		{
			template: builtinTemplate(templateId)!,
			addressees: [forWhom?.partnerId ?? null],
			dueAt: now.toISOString(),
			note: '',
			recurrence: 'once'
		},
		now
	);
	return ids![0]!;
}

async function submit(partner: PartnerRef, assignmentId: string, answers: Answers): Promise<void> {
	const state = await worksheetForPartner(t.db, partner, assignmentId, now);
	expect(
		await submitResponse(
			t.db,
			partner,
			assignmentId,
			answers,
			state!.revision,
			DEFAULT_SHARING,
			now
		)
	).toMatchObject({ outcome: 'submitted' });
}

async function differencesOf(assignmentId: string): Promise<number | null> {
	return (
		await t.db
			.selectFrom('assignments')
			.select('differences')
			.where('id', '=', assignmentId)
			.executeTakeFirstOrThrow()
	).differences;
}

describe('countDifferences', () => {
	it('counts each scale rated 3 or more apart and each area only one partner named, as the prep page picks them out', () => {
		const template = builtinTemplate('core-issues')!;
		const sections = sideBySide(
			template,
			coreIssues({ Trust: 8, Money: 5, Family: 3 }),
			coreIssues({ Trust: 2, Money: 4, Work: 6 })
		);
		// Trust 8 against 2; Family named only by the first; Work only by the second. Money 5 against 4 is close enough.
		expect(countDifferences(sections)).toBe(3);
		expect(
			countDifferences(sideBySide(template, coreIssues({ Trust: 5 }), coreIssues({ Trust: 7 })))
		).toBe(0);
	});
});

describe('assignments.differences', () => {
	it('is counted when the second partner hands in, and not before', async () => {
		const id = await assign('core-issues');
		await submit(alex, id, coreIssues({ Trust: 8, Money: 5 }));
		expect(await differencesOf(id)).toBeNull();
		await submit(sam, id, coreIssues({ Trust: 2, Money: 5 }));
		expect(await differencesOf(id)).toBe(1);
	});

	it('is cleared when either answer goes back to being a draft, and counted again when it comes back', async () => {
		const id = await assign('core-issues');
		await submit(alex, id, coreIssues({ Trust: 8 }));
		await submit(sam, id, coreIssues({ Trust: 2 }));
		expect(await differencesOf(id)).toBe(1);

		expect(await editAgain(t.db, sam, id, now)).toBe('editing');
		expect(await differencesOf(id)).toBeNull();
		await submit(sam, id, coreIssues({ Trust: 7 }));
		expect(await differencesOf(id)).toBe(0);

		const alexs = await t.db
			.selectFrom('responses')
			.select('id')
			.where('assignment_id', '=', id)
			.where('partner_id', '=', alex.partnerId)
			.executeTakeFirstOrThrow();
		expect(
			await reopenResponse(
				t.db,
				by(therapist),
				alex.coupleId,
				alexs.id,
				'Say more about trust, please.',
				now
			)
		).toBe(true);
		expect(await differencesOf(id)).toBeNull();
	});

	it('stays empty for homework only one partner does', async () => {
		const id = await assign('core-issues', sam);
		await submit(sam, id, coreIssues({ Trust: 2 }));
		expect(await differencesOf(id)).toBeNull();
	});

	it('is filled in at startup for homework both handed in without it, and only for that', async () => {
		const both = await assign('core-issues');
		const halfIn = await assign('core-issues');
		await insertTestResponse(t.db, {
			assignmentId: both,
			partnerId: alex.partnerId,
			status: 'reviewed',
			submittedAt: now.toISOString(),
			answers: coreIssues({ Trust: 9, Family: 4 })
		});
		await insertTestResponse(t.db, {
			assignmentId: both,
			partnerId: sam.partnerId,
			status: 'submitted',
			submittedAt: now.toISOString(),
			answers: coreIssues({ Trust: 3 })
		});
		await insertTestResponse(t.db, {
			assignmentId: halfIn,
			partnerId: alex.partnerId,
			status: 'submitted',
			submittedAt: now.toISOString(),
			answers: coreIssues({ Trust: 9 })
		});

		expect(await recordMissingDifferences(t.db)).toBe(1);
		expect(await differencesOf(both)).toBe(2);
		expect(await differencesOf(halfIn)).toBeNull();
		// Nothing left to do the second time.
		expect(await recordMissingDifferences(t.db)).toBe(0);
	});

	it('is cleared when a handed-in answer is removed', async () => {
		const id = await assign('core-issues');
		await submit(alex, id, coreIssues({ Trust: 8 }));
		await submit(sam, id, coreIssues({ Trust: 2 }));
		await t.db
			.deleteFrom('responses')
			.where('assignment_id', '=', id)
			.where('partner_id', '=', sam.partnerId)
			.execute();
		expect(await differencesOf(id)).toBeNull();
	});
});
