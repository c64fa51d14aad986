import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignHomework } from '../homework/assignments';
import { builtinTemplate } from '../../worksheets/builtin';
import { insertTestCouple, insertTestResponse } from '../testing/casework';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { safetyWatch } from '../testing/safety-answers';
import { by } from '../testing/actors';
import type { Partner } from '../access/partner';
import type { Answers } from '../../worksheets/answers';
import { partnerCopy } from './partner-copy';
import { partnerCopyJson } from './partner-copy-files';

const now = new Date('2026-11-27T14:00:00.000Z');
let t: TestDatabase;

beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
});
afterEach(async () => {
	await t.cleanup();
});

const accountability = (words: string): Answers => ({
	behaviours: { rows: [{ name: `${words} row`, answers: { 'what-i-did': words } }] }
});

describe('a partner’s own copy', () => {
	it('holds their own words and what the other shared, never what the other kept back or a private check-in', async () => {
		const therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
		const { coupleId, partnerIds } = await insertTestCouple(t.db, therapist, {
			name: 'Alex & Sam',
			partnerNames: ['Alex', 'Sam'],
			at: now
		});
		const [alex, sam] = partnerIds;
		const assign = async (templateId: string, to: string | null = null) =>
			(await assignHomework(
				t.db,
				by(therapist),
				coupleId,
				{
					template: builtinTemplate(templateId)!,
					addressees: [to],
					dueAt: null,
					note: '',
					recurrence: 'once',
					// Released as soon as handed in: what is shared is then in the copy.
					release: 'handed-in'
				},
				now
			))![0]!;
		const shared = await assign('accountability');
		const kept = await assign('accountability');
		const check = await assign('safety-check-in', sam);
		const handIn = async (
			assignmentId: string,
			partnerId: string,
			answers: Answers,
			share: boolean
		) => {
			const id = await insertTestResponse(t.db, {
				assignmentId,
				partnerId,
				status: 'submitted',
				submittedAt: now.toISOString(),
				answers
			});
			await t.db
				.updateTable('responses')
				.set({ share_therapist_fields: share ? 1 : 0, share_shared_fields: share ? 1 : 0 })
				.where('id', '=', id)
				.execute();
		};
		await handIn(shared, alex, accountability('alex-shared-words'), true);
		await handIn(kept, alex, accountability('alex-kept-words'), false);
		await handIn(shared, sam, accountability('sam-own-words'), false);
		await handIn(check, sam, safetyWatch('sam-private-words'), false);
		await insertTestResponse(t.db, {
			assignmentId: kept,
			partnerId: sam,
			status: 'draft',
			submittedAt: null,
			answers: accountability('sam-draft-words')
		});

		const asSam = {
			id: 'user-sam',
			email: 'sam@example.org',
			displayName: 'Sam',
			role: 'partner',
			coupleId,
			partnerId: sam,
			timeZone: 'UTC',
			practiceId: null,
			practiceRole: null,
			mustSetUpTwoStep: false
		} satisfies Partner;
		const copy = await partnerCopy(t.db, asSam, 'Alex', now);
		const json = partnerCopyJson(copy);
		for (const words of ['sam-own-words', 'sam-draft-words', 'alex-shared-words'])
			expect(json).toContain(words);
		for (const words of ['alex-kept-words', 'sam-private-words', 'Check-in', 'Safety'])
			expect(json).not.toContain(words);
		expect(copy.yourWork.map((work) => work.status).sort()).toEqual(['draft', 'handed in']);
		expect(copy.sharedWithYou).toEqual([
			expect.objectContaining({ from: 'Alex', title: builtinTemplate('accountability')!.title })
		]);
		expect(JSON.parse(json)).not.toHaveProperty('responseIds');
	});
});
