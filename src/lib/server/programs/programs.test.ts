import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignHomework } from '../homework/assignments';
import { builtinTemplate } from '../../worksheets/builtin';
import { insertTestCouple } from '../testing/casework';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { by } from '../testing/actors';
import { BUILTIN_PROGRAM } from './builtin-program';
import { programOfCouple, setCoupleProgram } from './couple-program';
import { draftOf } from './program-draft';
import {
	createProgram,
	deleteProgram,
	programForTherapist,
	programsOfTherapist,
	saveProgram,
	setProgramArchived
} from './programs';

const now = new Date('2026-11-27T14:00:00.000Z');

let t: TestDatabase;
let therapist: string;
let colleague: string;
let coupleId: string;

beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
	therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	colleague = (await insertTestUser(t.db, { role: 'therapist' })).id;
	({ coupleId } = await insertTestCouple(t.db, therapist, {
		name: 'Alex & Sam',
		partnerNames: ['Alex', 'Sam'],
		at: now
	}));
});

afterEach(async () => {
	await t.cleanup();
});

async function threeSteps(): Promise<string> {
	const id = (await createProgram(
		t.db,
		by(therapist),
		{ title: 'Trust first', start: { from: 'blank' } },
		now
	))!;
	expect(
		await saveProgram(
			t.db,
			by(therapist),
			id,
			{
				title: 'Trust first',
				steps: [
					{ id: '', title: 'Name the hurt', summary: 'Say it.', worksheetIds: ['accountability'] },
					{ id: '', title: 'Look deeper', summary: '', worksheetIds: ['core-issues'] },
					{ id: '', title: 'Set goals', summary: '', worksheetIds: ['relationship-goals'] }
				]
			},
			now
		)
	).toBe('saved');
	return id;
}

async function assignFromProgram(templateId: string): Promise<string> {
	const program = await programOfCouple(t.db, coupleId);
	const [id] = (await assignHomework(
		t.db,
		by(therapist),
		coupleId,
		{
			template: builtinTemplate(templateId)!,
			addressees: [null],
			dueAt: now.toISOString(),
			note: '',
			recurrence: 'once',
			step: program.placementOf(templateId)
		},
		now
	))!;
	return id!;
}

describe('programs', () => {
	it('copies the built-in steps into a program of the therapist’s own, leaving the built-in as it is', async () => {
		const id = await createProgram(
			t.db,
			by(therapist),
			{ title: 'My ten', start: { from: 'builtin' } },
			now
		);
		const program = (await programForTherapist(t.db, therapist, id!))!;
		expect(program.steps.map((step) => step.title)).toEqual(
			BUILTIN_PROGRAM.steps.map((step) => step.title)
		);
		const draft = draftOf(program);
		draft.steps = draft.steps.slice(0, 2);
		draft.steps[0]!.title = 'Look back together';
		expect(await saveProgram(t.db, by(therapist), id!, draft, now)).toBe('saved');
		expect(BUILTIN_PROGRAM.steps[0]!.title).toBe('Evaluate the reasons for the breakup');
		expect(await programsOfTherapist(t.db, therapist)).toEqual([
			{ id, title: 'My ten', steps: 2, couples: 0, archived: false }
		]);
	});

	it('is the therapist’s alone: another therapist can neither read, copy, change, archive nor delete it', async () => {
		const id = await threeSteps();
		expect(await programForTherapist(t.db, colleague, id)).toBeNull();
		expect(await programsOfTherapist(t.db, colleague)).toEqual([]);
		expect(
			await createProgram(
				t.db,
				by(colleague),
				{ title: 'Mine now', start: { from: 'program', id } },
				now
			)
		).toBeNull();
		expect(await saveProgram(t.db, by(colleague), id, { title: 'Taken', steps: [] }, now)).toBe(
			'not-found'
		);
		expect(await setProgramArchived(t.db, by(colleague), id, true, now)).toBe(false);
		expect(await deleteProgram(t.db, by(colleague), id, now)).toBe('not-found');
		// Nor set it for a couple of their own.
		const { coupleId: theirs } = await insertTestCouple(t.db, colleague, {
			name: 'Jordan & Casey',
			partnerNames: ['Jordan', 'Casey'],
			at: now
		});
		expect(await setCoupleProgram(t.db, by(colleague), theirs, id, now)).toBe('unknown-program');
		expect((await programForTherapist(t.db, therapist, id))!.title).toBe('Trust first');
	});

	it('keeps each step’s id through renames and moves, so homework stays under its step', async () => {
		const id = await threeSteps();
		expect(await setCoupleProgram(t.db, by(therapist), coupleId, id, now)).toBe('saved');
		const assignmentId = await assignFromProgram('core-issues');
		const before = (await programOfCouple(t.db, coupleId)).stepOf({
			step: 2,
			programStepId: (
				await t.db
					.selectFrom('assignments')
					.select('program_step_id')
					.where('id', '=', assignmentId)
					.executeTakeFirstOrThrow()
			).program_step_id
		});
		expect(before).toMatchObject({ number: 2, title: 'Look deeper', inProgram: true });

		const program = (await programForTherapist(t.db, therapist, id))!;
		const draft = draftOf(program);
		draft.steps = [draft.steps[1]!, draft.steps[0]!, draft.steps[2]!];
		draft.steps[0]!.title = 'Look deeper, together';
		expect(await saveProgram(t.db, by(therapist), id, draft, now)).toBe('saved');

		const row = await t.db
			.selectFrom('assignments')
			.select(['step', 'program_step_id'])
			.where('id', '=', assignmentId)
			.executeTakeFirstOrThrow();
		const after = (await programOfCouple(t.db, coupleId)).stepOf({
			step: row.step,
			programStepId: row.program_step_id
		});
		expect(after).toMatchObject({ number: 1, title: 'Look deeper, together', inProgram: true });
	});

	it('refuses to remove a step with homework, and to delete a program in use, which can be archived', async () => {
		const id = await threeSteps();
		await setCoupleProgram(t.db, by(therapist), coupleId, id, now);
		await assignFromProgram('accountability');
		const program = (await programForTherapist(t.db, therapist, id))!;
		const draft = draftOf(program);
		expect(
			await saveProgram(t.db, by(therapist), id, { ...draft, steps: draft.steps.slice(1) }, now)
		).toBe('in-use');
		expect(await deleteProgram(t.db, by(therapist), id, now)).toBe('in-use');
		// Leaving the program does not free it: the homework set under it keeps its step.
		await setCoupleProgram(t.db, by(therapist), coupleId, 'builtin', now);
		expect(await deleteProgram(t.db, by(therapist), id, now)).toBe('in-use');
		expect(await setProgramArchived(t.db, by(therapist), id, true, now)).toBe(true);
		expect((await programForTherapist(t.db, therapist, id))!.archived).toBe(true);
		// Archived, it is no longer offered for a couple.
		expect(await setCoupleProgram(t.db, by(therapist), coupleId, id, now)).toBe('unknown-program');
	});

	it('deletes a program nobody used', async () => {
		const id = await threeSteps();
		expect(await deleteProgram(t.db, by(therapist), id, now)).toBe('deleted');
		expect(await programForTherapist(t.db, therapist, id)).toBeNull();
	});
});

describe('programOfCouple', () => {
	it('is the built-in steps for a couple without a program, with homework placed by its step number', async () => {
		const program = await programOfCouple(t.db, coupleId);
		expect(program.program.id).toBeNull();
		expect(program.program.steps).toHaveLength(10);
		expect(program.placementOf('accountability')).toEqual({ step: 5, programStepId: null });
		expect(program.placementOf('satisfaction-check-in')).toBeNull();
		expect(program.stepOf({ step: 5, programStepId: null })).toMatchObject({
			number: 5,
			title: 'Apologize and take accountability',
			inProgram: true
		});
	});

	it('follows the couple’s program, and still names the step of homework set before a change', async () => {
		const builtinHomework = await assignFromProgram('accountability');
		const id = await threeSteps();
		await setCoupleProgram(t.db, by(therapist), coupleId, id, now);
		const program = await programOfCouple(t.db, coupleId);
		expect(program.program.steps.map((step) => step.title)).toEqual([
			'Name the hurt',
			'Look deeper',
			'Set goals'
		]);
		expect(program.placementOf('relationship-goals')).toMatchObject({ step: 3 });
		// A worksheet outside the program goes under no step.
		expect(program.placementOf('reconnecting')).toBeNull();
		const row = await t.db
			.selectFrom('assignments')
			.select(['step', 'program_step_id'])
			.where('id', '=', builtinHomework)
			.executeTakeFirstOrThrow();
		expect(program.stepOf({ step: row.step, programStepId: row.program_step_id })).toMatchObject({
			number: 5,
			title: 'Apologize and take accountability',
			inProgram: false
		});
	});
});
