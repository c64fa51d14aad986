import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../../migrations';
import type { ResponseStatus } from './schema';
import { migrateToLatest } from './migrate';
import { openDatabase } from './open';
import { assignHomework } from '../homework/assignments';
import { insertTestCouple } from '../testing/casework';
import {
	createTestDatabase,
	insertTestUser,
	syncTestTemplates,
	type TestDatabase
} from '../testing/test-database';
import { BUILTIN_TEMPLATES } from '../../worksheets/builtin';
import { by } from '../testing/actors';

// `assignments.waiting_on` is kept by triggers: whatever writes a response,
// the count of partners a piece of homework still waits on must stay true,
// because the week ahead trusts it to find overdue homework.

const accountability = BUILTIN_TEMPLATES.find((template) => template.id === 'accountability')!;
const at = new Date('2026-11-20T12:00:00.000Z');
const ADDED_BY = '20261127T2000-HomeworkWaitingOn';

let t: TestDatabase | undefined;

afterEach(async () => {
	await t?.cleanup();
	t = undefined;
});

interface Casework {
	therapist: string;
	coupleId: string;
	partners: [string, string];
	/** For both partners, for the first only, for the second only. */
	assignments: [string, string, string];
}

/**
 * A couple with three pieces of homework, assigned as the app assigns it; or,
 * for a database as it was before later columns, written with the columns of
 * that time.
 */
async function casework(db: TestDatabase['db'], asStoredThen = false): Promise<Casework> {
	const therapist = (await insertTestUser(db, { role: 'therapist' })).id;
	const { coupleId, partnerIds: partners } = await insertTestCouple(db, therapist, {
		name: 'Alex & Sam',
		partnerNames: ['Alex', 'Sam'],
		at
	});
	let count = 0;
	const storedThen = async ([partnerId]: Array<string | null>) => {
		const id = `homework-${++count}`;
		await db
			.insertInto('assignments')
			.values({
				id,
				couple_id: coupleId,
				step: accountability.step,
				template_id: accountability.id,
				partner_id: partnerId ?? null,
				due_at: at.toISOString(),
				recurrence: 'once',
				cancelled_at: null,
				created_by: therapist,
				created_at: at.toISOString(),
				updated_at: at.toISOString()
			})
			.execute();
		return id;
	};
	const assign = async (addressees: Array<string | null>) =>
		asStoredThen
			? storedThen(addressees)
			: (await assignHomework(
					db,
					by(therapist),
					coupleId,
					{
						template: accountability,
						addressees,
						dueAt: at.toISOString(),
						note: '',
						recurrence: 'once'
					},
					at
				))![0]!;
	return {
		therapist,
		coupleId,
		partners,
		assignments: [await assign([null]), await assign([partners[0]]), await assign([partners[1]])]
	};
}

async function waitingOn(db: TestDatabase['db'], assignmentId: string): Promise<number> {
	return (
		await db
			.selectFrom('assignments')
			.select('waiting_on')
			.where('id', '=', assignmentId)
			.executeTakeFirstOrThrow()
	).waiting_on;
}

/** What the count must be, worked out from scratch: the partners it is for, less those who handed it in. */
function expectedWaitingOn(
	work: Casework,
	assignmentIndex: number,
	handedIn: ReadonlySet<string>
): number {
	const forWhom = assignmentIndex === 0 ? work.partners : [work.partners[assignmentIndex - 1]!];
	return forWhom.filter(
		(partner) => !handedIn.has(`${work.assignments[assignmentIndex]}/${partner}`)
	).length;
}

describe('assignments.waiting_on', () => {
	it('starts at the number of partners the homework is for', async () => {
		t = await createTestDatabase({ builtinTemplates: true });
		const work = await casework(t.db);
		expect(await Promise.all(work.assignments.map((id) => waitingOn(t!.db, id)))).toEqual([
			2, 1, 1
		]);
	});

	it('follows every response written, changed and removed, whatever the order', async () => {
		t = await createTestDatabase({ builtinTemplates: true });
		const db = t.db;
		const work = await casework(db);
		const change = fc.record({
			assignment: fc.integer({ min: 0, max: 2 }),
			partner: fc.integer({ min: 0, max: 1 }),
			to: fc.constantFrom<ResponseStatus | 'removed'>('draft', 'submitted', 'reviewed', 'removed')
		});
		await fc.assert(
			fc.asyncProperty(fc.array(change, { maxLength: 25 }), async (changes) => {
				await db.deleteFrom('responses').execute();
				const handedIn = new Set<string>();
				for (const { assignment, partner, to } of changes) {
					const assignmentId = work.assignments[assignment]!;
					const partnerId = work.partners[partner]!;
					const id = `${assignmentId}/${partnerId}`;
					if (to === 'removed') {
						await db.deleteFrom('responses').where('id', '=', id).execute();
						handedIn.delete(id);
					} else {
						await db
							.insertInto('responses')
							.values({
								id,
								assignment_id: assignmentId,
								partner_id: partnerId,
								template_version: 1,
								status: to,
								started_at: at.toISOString(),
								updated_at: at.toISOString(),
								submitted_at: to === 'draft' ? null : at.toISOString()
							})
							.onConflict((conflict) => conflict.column('id').doUpdateSet({ status: to }))
							.execute();
						if (to === 'draft') handedIn.delete(id);
						else handedIn.add(id);
					}
					for (const [index, assignmentId] of work.assignments.entries()) {
						expect(await waitingOn(db, assignmentId)).toBe(
							expectedWaitingOn(work, index, handedIn)
						);
					}
				}
			}),
			{ numRuns: 40 }
		);
	});

	it('is recounted when homework is moved to the other partner', async () => {
		t = await createTestDatabase({ builtinTemplates: true });
		const work = await casework(t.db);
		const [, forFirst] = work.assignments;
		await t.db
			.insertInto('responses')
			.values({
				id: 'handed-in',
				assignment_id: forFirst,
				partner_id: work.partners[0],
				template_version: 1,
				status: 'submitted',
				started_at: at.toISOString(),
				updated_at: at.toISOString(),
				submitted_at: at.toISOString()
			})
			.execute();
		expect(await waitingOn(t.db, forFirst)).toBe(0);
		await t.db
			.updateTable('assignments')
			.set({ partner_id: work.partners[1] })
			.where('id', '=', forFirst)
			.execute();
		expect(await waitingOn(t.db, forFirst)).toBe(1);
	});

	it('is filled in for homework set before the count existed', async () => {
		// A database as it was before the migration that added the count, with some homework handed in.
		const names = Object.keys(migrations);
		const before = Object.fromEntries(
			names.slice(0, names.indexOf(ADDED_BY)).map((name) => [name, migrations[name]!])
		);
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-waiting-on-'));
		const opened = openDatabase(path.join(folder, 'app.db'));
		try {
			await migrateToLatest(opened.db, before);
			await syncTestTemplates(opened.db);
			const work = await casework(opened.db, true);
			await opened.db
				.insertInto('responses')
				.values([
					{
						id: 'reviewed',
						assignment_id: work.assignments[0],
						partner_id: work.partners[0],
						template_version: 1,
						status: 'reviewed',
						started_at: at.toISOString(),
						updated_at: at.toISOString(),
						submitted_at: at.toISOString()
					},
					{
						id: 'draft',
						assignment_id: work.assignments[2],
						partner_id: work.partners[1],
						template_version: 1,
						status: 'draft',
						started_at: at.toISOString(),
						updated_at: at.toISOString(),
						submitted_at: null
					}
				])
				.execute();
			expect(await migrateToLatest(opened.db)).toContain(ADDED_BY);
			expect(await Promise.all(work.assignments.map((id) => waitingOn(opened.db, id)))).toEqual([
				1, 1, 1
			]);
		} finally {
			await opened.db.destroy();
			fs.rmSync(folder, { recursive: true, force: true });
		}
	});
});
