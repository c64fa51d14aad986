import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { BUILTIN_PROGRAM, builtinStepId } from './builtin-program';
import type { Program, ProgramStep } from './program';
import { storedStep } from './programs';
import { usableBy } from './whose';

// "This couple's program": the one place that answers which steps a couple
// follows, which step a piece of homework belongs to, and which step a
// worksheet set now goes under. Pages never read steps.ts for a couple.

/** A step as a page names it, with whether it is in the couple's program today. */
export interface PlacedStep extends ProgramStep {
	/** False for homework set under a program the couple has since left. */
	inProgram: boolean;
}

/** What an assignment records of its step. */
export interface StepPlacement {
	/** The step's place in the program when the homework was set. */
	step: number;
	/** Null under the built-in steps, where the number alone names the step. */
	programStepId: string | null;
}

export interface CoupleProgram {
	program: Program;
	/** The step homework was set under, or null (a check-in, or a worksheet outside the program). */
	stepOf(homework: { step: number | null; programStepId: string | null }): PlacedStep | null;
	/** Where a worksheet assigned now goes: the step of the program that lists it. */
	placementOf(templateId: string): StepPlacement | null;
}

export function coupleProgramOf(program: Program, otherSteps: readonly ProgramStep[] = []) {
	const inProgram = new Map(program.steps.map((step) => [step.id, step]));
	const elsewhere = new Map(otherSteps.map((step) => [step.id, step]));
	const builtin = new Map(BUILTIN_PROGRAM.steps.map((step) => [step.id, step]));
	return {
		program,
		stepOf(homework: { step: number | null; programStepId: string | null }): PlacedStep | null {
			const id =
				homework.programStepId ?? (homework.step === null ? null : builtinStepId(homework.step));
			if (id === null) return null;
			const own = inProgram.get(id);
			if (own) return { ...own, inProgram: true };
			const other = elsewhere.get(id) ?? builtin.get(id);
			return other ? { ...other, inProgram: false } : null;
		},
		placementOf(templateId: string): StepPlacement | null {
			const step = program.steps.find((candidate) => candidate.worksheetIds.includes(templateId));
			if (!step) return null;
			return { step: step.number, programStepId: program.id === null ? null : step.id };
		}
	} satisfies CoupleProgram;
}

/**
 * The couple's program, in two queries however many steps or homework:
 * the program, and its steps with those of any program the couple's
 * homework was set under before. The caller has checked who is asking.
 */
export async function programOfCouple(db: Database, coupleId: string): Promise<CoupleProgram> {
	const [couple, steps] = await Promise.all([
		db
			.selectFrom('couples')
			.leftJoin('programs', 'programs.id', 'couples.program_id')
			.select(['couples.program_id', 'programs.title', 'programs.archived_at'])
			.where('couples.id', '=', coupleId)
			.executeTakeFirst(),
		db
			.selectFrom('program_steps')
			.select(['id', 'program_id', 'position', 'title', 'summary', 'worksheet_ids'])
			.where((eb) =>
				eb.or([
					eb(
						'program_id',
						'=',
						eb.selectFrom('couples').select('program_id').where('id', '=', coupleId)
					),
					eb(
						'id',
						'in',
						eb
							.selectFrom('assignments')
							.select('program_step_id')
							.where('couple_id', '=', coupleId)
							.where('program_step_id', 'is not', null)
					)
				])
			)
			.orderBy('position')
			.execute()
	]);
	if (!couple?.program_id) return coupleProgramOf(BUILTIN_PROGRAM, steps.map(storedStep));
	const own = steps.filter((step) => step.program_id === couple.program_id).map(storedStep);
	const others = steps.filter((step) => step.program_id !== couple.program_id).map(storedStep);
	return coupleProgramOf(
		{
			id: couple.program_id,
			title: couple.title ?? '',
			archived: couple.archived_at !== null,
			steps: own
		},
		others
	);
}

/** The programs a therapist may choose for a couple: the built-in, their own not archived, and the couple's current one. */
export async function programChoices(
	db: Database,
	therapistId: string,
	currentProgramId: string | null
): Promise<Array<{ value: string; label: string }>> {
	const rows = await db
		.selectFrom('programs')
		.select(['id', 'title', 'archived_at'])
		.where((eb) =>
			eb.or([
				eb.and([usableBy(therapistId)(eb), eb('archived_at', 'is', null)]),
				eb('id', '=', currentProgramId ?? '')
			])
		)
		.orderBy('title')
		.execute();
	return [
		{ value: BUILTIN_CHOICE, label: BUILTIN_PROGRAM.title },
		...rows.map((row) => ({
			value: row.id,
			label: row.archived_at ? `${row.title} (archived)` : row.title
		}))
	];
}

/** The value the program choice sends for the built-in steps. */
export const BUILTIN_CHOICE = 'builtin';

/**
 * Sets the program a couple follows. Homework already set keeps its step
 * (stepOf still finds it); new homework goes under the new program's steps.
 * 'not-found' when the couple is not this therapist's; 'unknown-program'
 * when the program is not one they may choose.
 */
export async function setCoupleProgram(
	db: Database,
	actor: SignedInActor,
	coupleId: string,
	choice: string,
	now: Date
): Promise<'saved' | 'not-found' | 'unknown-program'> {
	return writeTransaction(db, async (trx) => {
		const couple = await trx
			.selectFrom('couples')
			.select(['id', 'program_id'])
			.where('id', '=', coupleId)
			.where('therapist_id', '=', actor.userId)
			.executeTakeFirst();
		if (!couple) return 'not-found';
		const programId = choice === BUILTIN_CHOICE ? null : choice;
		if (programId === couple.program_id) return 'saved';
		if (programId !== null) {
			const program = await trx
				.selectFrom('programs')
				.select('id')
				.where('id', '=', programId)
				.where(usableBy(actor.userId))
				.where('archived_at', 'is', null)
				.executeTakeFirst();
			if (!program) return 'unknown-program';
		}
		await trx
			.updateTable('couples')
			.set({ program_id: programId })
			.where('id', '=', coupleId)
			.execute();
		await recordAudit(trx, actor, 'couple.program-change', { type: 'couple', id: coupleId }, now);
		return 'saved';
	});
}
