import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import { coupleProblems, updateCouple } from '$lib/server/casework/couples';
import { readForm, textFields } from '$lib/server/http/form';
import { readScreening } from '$lib/server/homework/screening';
import { writeTransaction } from '$lib/server/database/write-transaction';
import {
	BUILTIN_CHOICE,
	programChoices,
	programOfCouple,
	setCoupleProgram
} from '$lib/server/programs/couple-program';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	await recordAudit(db, requestActor(event, therapist.id), 'casework.view', {
		type: 'couple',
		id: couple.id
	});
	const { program } = await programOfCouple(db, couple.id);
	return {
		coupleId: couple.id,
		coupleName: couple.name,
		programs: await programChoices(db, therapist.id, program.id),
		values: {
			program: program.id ?? BUILTIN_CHOICE,
			name: couple.name,
			partner1: couple.partners[0]?.displayName ?? '',
			partner2: couple.partners[1]?.displayName ?? '',
			secretsPolicy: couple.secretsPolicy,
			policyText: couple.policyText,
			screeningOn: couple.screening.on ? 'yes' : '',
			screeningEveryWeeks: String(couple.screening.everyWeeks)
		}
	};
};

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		const values = textFields(await readForm(event.request), [
			'name',
			'partner1',
			'partner2',
			'secretsPolicy',
			'policyText',
			'screeningOn',
			'screeningEveryWeeks',
			'program'
		]);
		const { screening, problem: screeningProblem } = readScreening(values);
		const input = {
			name: values.name,
			partnerNames: [values.partner1, values.partner2] as [string, string],
			secretsPolicy: values.secretsPolicy,
			policyText: values.policyText,
			screening
		};
		const problems: Partial<Record<string, string>> = {
			...coupleProblems(input),
			...(screeningProblem ? { screeningEveryWeeks: screeningProblem } : {})
		};
		if (Object.keys(problems).length > 0) return fail(400, { values, problems });
		const actor = requestActor(event, therapist.id);
		const now = new Date();
		// The program and the rest are saved together, or neither is.
		const outcome = await writeTransaction(db, async (trx) => {
			const program = await setCoupleProgram(trx, actor, couple.id, values.program, now);
			if (program !== 'saved') return program;
			return (await updateCouple(trx, actor, couple.id, input, now)) ? 'saved' : 'not-found';
		});
		if (outcome === 'unknown-program') {
			const programProblem: Partial<Record<string, string>> = {
				program: 'Choose one of your programs, or the built-in steps.'
			};
			return fail(400, { values, problems: programProblem });
		}
		if (outcome === 'not-found') error(404, 'Not found');
		redirect(303, `/couples/${couple.id}`);
	}
};
