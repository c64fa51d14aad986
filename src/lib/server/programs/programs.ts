import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { newId } from '../database/ids';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { BUILTIN_PROGRAM } from './builtin-program';
import type { ProgramDraft } from './program-draft';
import type { Program, ProgramStep } from './program';
import { changeableBy, usableBy } from './whose';

// A therapist's own programs: listing, reading, making (from scratch or as a
// copy), saving an edit, archiving and deleting. Every function is given the
// therapist and answers only about programs they may use or change
// (whose.ts); anything else is as if it did not exist.

export interface ProgramListing {
	id: string;
	title: string;
	steps: number;
	couples: number;
	archived: boolean;
}

/** The therapist's programs, by title, each with how many couples follow it. */
export async function programsOfTherapist(
	db: Database,
	therapistId: string
): Promise<ProgramListing[]> {
	const rows = await db
		.selectFrom('programs')
		.select((eb) => [
			'programs.id',
			'programs.title',
			'programs.archived_at',
			eb
				.selectFrom('program_steps')
				.select((count) => count.fn.countAll<number>().as('n'))
				.whereRef('program_steps.program_id', '=', 'programs.id')
				.as('steps'),
			eb
				.selectFrom('couples')
				.select((count) => count.fn.countAll<number>().as('n'))
				.whereRef('couples.program_id', '=', 'programs.id')
				.as('couples')
		])
		.where(usableBy(therapistId))
		.orderBy('programs.title')
		.orderBy('programs.id')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		title: row.title,
		steps: Number(row.steps ?? 0),
		couples: Number(row.couples ?? 0),
		archived: row.archived_at !== null
	}));
}

export interface ProgramDetail extends Program {
	id: string;
	/** Couples following it, by name. */
	couples: Array<{ id: string; name: string }>;
	/** Ids of the steps homework has been set under: they cannot be removed. */
	stepsWithHomework: Set<string>;
}

/** One of the therapist's programs, or null when it is not one they may change. */
export async function programForTherapist(
	db: Database,
	therapistId: string,
	programId: string
): Promise<ProgramDetail | null> {
	const program = await db
		.selectFrom('programs')
		.select(['id', 'title', 'archived_at'])
		.where('id', '=', programId)
		.where(changeableBy(therapistId))
		.executeTakeFirst();
	if (!program) return null;
	const [steps, couples, withHomework] = await Promise.all([
		db
			.selectFrom('program_steps')
			.select(['id', 'position', 'title', 'summary', 'worksheet_ids'])
			.where('program_id', '=', program.id)
			.orderBy('position')
			.execute(),
		db
			.selectFrom('couples')
			.select(['id', 'name'])
			.where('program_id', '=', program.id)
			.where('therapist_id', '=', therapistId)
			.orderBy('name')
			.execute(),
		homeworkSteps(db, program.id)
	]);
	return {
		id: program.id,
		title: program.title,
		archived: program.archived_at !== null,
		steps: steps.map(storedStep),
		couples,
		stepsWithHomework: withHomework
	};
}

export function storedStep(row: {
	id: string;
	position: number;
	title: string;
	summary: string;
	worksheet_ids: string;
}): ProgramStep {
	return {
		id: row.id,
		number: row.position,
		title: row.title,
		summary: row.summary,
		worksheetIds: JSON.parse(row.worksheet_ids) as string[]
	};
}

async function homeworkSteps(db: Database, programId: string): Promise<Set<string>> {
	const rows = await db
		.selectFrom('assignments')
		.innerJoin('program_steps', 'program_steps.id', 'assignments.program_step_id')
		.select('program_steps.id')
		.distinct()
		.where('program_steps.program_id', '=', programId)
		.execute();
	return new Set(rows.map((row) => row.id));
}

/** Where a new program starts: empty, the built-in steps, or a copy of one of the therapist's. */
export type ProgramStart =
	{ from: 'blank' } | { from: 'builtin' } | { from: 'program'; id: string };

/** Makes a program; null when the program to copy is not the therapist's. */
export async function createProgram(
	db: Database,
	actor: SignedInActor,
	input: { title: string; start: ProgramStart },
	now: Date
): Promise<string | null> {
	return writeTransaction(db, async (trx) => {
		let steps: ProgramStep[] = [];
		if (input.start.from === 'builtin') steps = BUILTIN_PROGRAM.steps;
		if (input.start.from === 'program') {
			const source = await programForTherapist(trx, actor.userId, input.start.id);
			if (!source) return null;
			steps = source.steps;
		}
		const id = newId();
		await trx
			.insertInto('programs')
			.values({
				id,
				therapist_id: actor.userId,
				title: input.title.trim(),
				created_at: now.toISOString(),
				updated_at: now.toISOString(),
				archived_at: null
			})
			.execute();
		// A copy has steps of its own: editing it never touches what it was copied from.
		if (steps.length > 0)
			await trx
				.insertInto('program_steps')
				.values(
					steps.map((step, index) => ({
						id: newId(),
						program_id: id,
						position: index + 1,
						title: step.title,
						summary: step.summary,
						worksheet_ids: JSON.stringify(step.worksheetIds)
					}))
				)
				.execute();
		await recordAudit(trx, actor, 'program.create', { type: 'program', id }, now);
		return id;
	});
}

/**
 * Saves an edit in place, each step keeping its id, so homework set under a
 * step stays under it (see README). The caller has checked the draft;
 * 'in-use' when a step with homework would be removed after all (homework
 * set while the form was open).
 */
export async function saveProgram(
	db: Database,
	actor: SignedInActor,
	programId: string,
	draft: ProgramDraft,
	now: Date
): Promise<'saved' | 'not-found' | 'in-use'> {
	return writeTransaction(db, async (trx) => {
		const program = await trx
			.selectFrom('programs')
			.select('id')
			.where('id', '=', programId)
			.where(changeableBy(actor.userId))
			.executeTakeFirst();
		if (!program) return 'not-found';
		const stored = await trx
			.selectFrom('program_steps')
			.select('id')
			.where('program_id', '=', programId)
			.execute();
		const storedIds = new Set(stored.map((step) => step.id));
		// An id that is not this program's own (or is sent twice) is a new step, never someone else's.
		const seen = new Set<string>();
		const steps = draft.steps.map((step) => {
			const keep = storedIds.has(step.id) && !seen.has(step.id);
			seen.add(step.id);
			return { ...step, id: keep ? step.id : '' };
		});
		const removed = [...storedIds].filter((id) => !seen.has(id));
		const withHomework = await homeworkSteps(trx, programId);
		if (removed.some((id) => withHomework.has(id))) return 'in-use';

		await trx
			.updateTable('programs')
			.set({ title: draft.title.trim(), updated_at: now.toISOString() })
			.where('id', '=', programId)
			.execute();
		if (removed.length > 0)
			await trx.deleteFrom('program_steps').where('id', 'in', removed).execute();
		// Out of the way first, so no two steps ever share a place while they move.
		await trx
			.updateTable('program_steps')
			.set((eb) => ({ position: eb('position', '+', 1000) }))
			.where('program_id', '=', programId)
			.execute();
		for (const [index, step] of steps.entries()) {
			const values = {
				position: index + 1,
				title: step.title.trim(),
				summary: step.summary.trim(),
				worksheet_ids: JSON.stringify(step.worksheetIds)
			};
			if (step.id === '')
				await trx
					.insertInto('program_steps')
					.values({ id: newId(), program_id: programId, ...values })
					.execute();
			else await trx.updateTable('program_steps').set(values).where('id', '=', step.id).execute();
		}
		await recordAudit(trx, actor, 'program.change', { type: 'program', id: programId }, now);
		return 'saved';
	});
}

/** Archives (or restores) a program: it leaves the choices for couples but keeps working for those on it. */
export async function setProgramArchived(
	db: Database,
	actor: SignedInActor,
	programId: string,
	archived: boolean,
	now: Date
): Promise<boolean> {
	return writeTransaction(db, async (trx) => {
		const result = await trx
			.updateTable('programs')
			.set({ archived_at: archived ? now.toISOString() : null, updated_at: now.toISOString() })
			.where('id', '=', programId)
			.where(changeableBy(actor.userId))
			.executeTakeFirst();
		if (result.numUpdatedRows === 0n) return false;
		await recordAudit(
			trx,
			actor,
			archived ? 'program.archive' : 'program.restore',
			{ type: 'program', id: programId },
			now
		);
		return true;
	});
}

/** Deletes a program no couple follows and no homework was set under; otherwise it can only be archived. */
export async function deleteProgram(
	db: Database,
	actor: SignedInActor,
	programId: string,
	now: Date
): Promise<'deleted' | 'not-found' | 'in-use'> {
	return writeTransaction(db, async (trx) => {
		const program = await trx
			.selectFrom('programs')
			.select('id')
			.where('id', '=', programId)
			.where(changeableBy(actor.userId))
			.executeTakeFirst();
		if (!program) return 'not-found';
		const [follower, withHomework] = await Promise.all([
			trx.selectFrom('couples').select('id').where('program_id', '=', programId).executeTakeFirst(),
			homeworkSteps(trx, programId)
		]);
		if (follower || withHomework.size > 0) return 'in-use';
		await trx.deleteFrom('programs').where('id', '=', programId).execute();
		await recordAudit(trx, actor, 'program.delete', { type: 'program', id: programId }, now);
		return 'deleted';
	});
}
