import { describe, expect, it } from 'vitest';
import { BUILTIN_PROGRAM } from './builtin-program';
import { coupleProgramOf } from './couple-program';
import {
	placementForPartner,
	placementLabel,
	placementOf,
	type PlacedHomework
} from './homework-placement';
import { builtinTemplate } from '../../worksheets/builtin';
import { isCheckIn, type WorksheetTemplate } from '../../worksheets/template';
import { OWN_TEMPLATE_PREFIX } from '../../worksheets/own-template-id';

// A therapist's program of two steps: the goals worksheet first, the accountability one second.
const trustFirst = coupleProgramOf({
	id: 'trust-first',
	title: 'Trust first',
	archived: false,
	steps: [
		{
			id: 'goals',
			number: 1,
			title: 'Set goals',
			summary: '',
			worksheetIds: ['relationship-goals']
		},
		{ id: 'hurt', number: 2, title: 'Name the hurt', summary: '', worksheetIds: ['accountability'] }
	]
});
const tenSteps = coupleProgramOf(BUILTIN_PROGRAM);

const builtin = (id: string) => builtinTemplate(id)!;
const ownWorksheet = (step: number | null): WorksheetTemplate => ({
	...builtin('reconnecting'),
	id: `${OWN_TEMPLATE_PREFIX}walk`,
	title: 'Our Sunday walk',
	step
});

/** Homework as an assignment records it: set now under the couple's program, by placementOf. */
const setUnder = (program: typeof trustFirst, template: WorksheetTemplate): PlacedHomework => {
	const placed = program.placementOf(template.id);
	return {
		step: placed?.programStepId ? null : (placed?.step ?? null),
		programStepId: placed?.programStepId ?? null,
		checkIn: isCheckIn(template)
	};
};

const therapistReads = (program: typeof trustFirst, homework: PlacedHomework) =>
	placementLabel(placementOf(program, homework));
const partnerReads = (program: typeof trustFirst, homework: PlacedHomework, isPrivate = false) =>
	placementForPartner(placementOf(program, homework), isPrivate);

describe('what a check-in is', () => {
	it('is a built-in worksheet for any step', () => {
		expect(isCheckIn(builtin('satisfaction-check-in'))).toBe(true);
		expect(isCheckIn(builtin('safety-check-in'))).toBe(true);
		expect(isCheckIn(builtin('session-feedback'))).toBe(true);
		expect(isCheckIn(builtin('accountability'))).toBe(false);
	});

	it('is never a therapist’s own worksheet, with a step or without', () => {
		expect(isCheckIn(ownWorksheet(null))).toBe(false);
		expect(isCheckIn(ownWorksheet(3))).toBe(false);
	});
});

describe('where homework is placed', () => {
	it('names the step of the couple’s program it was set under', () => {
		const goals = setUnder(trustFirst, builtin('relationship-goals'));
		expect(therapistReads(trustFirst, goals)).toBe('Step 1');
		expect(partnerReads(trustFirst, goals)).toBe('Step 1: Set goals');
		const accountability = setUnder(tenSteps, builtin('accountability'));
		expect(therapistReads(tenSteps, accountability)).toBe('Step 5');
		expect(partnerReads(tenSteps, accountability)).toBe(
			'Step 5: Apologize and take accountability'
		);
	});

	it('says when the step belongs to a program the couple has left', () => {
		const underTheTenSteps = setUnder(tenSteps, builtin('core-issues'));
		expect(therapistReads(trustFirst, underTheTenSteps)).toBe('Step 6 of an earlier program');
	});

	it('names a check-in a check-in', () => {
		for (const program of [trustFirst, tenSteps]) {
			const checkIn = setUnder(program, builtin('satisfaction-check-in'));
			expect(therapistReads(program, checkIn)).toBe('Check-in');
			expect(partnerReads(program, checkIn)).toBe('Check-in');
		}
	});

	it('puts a built-in worksheet the couple’s program does not hold outside the program, not among the check-ins', () => {
		const coreIssues = setUnder(trustFirst, builtin('core-issues'));
		expect(coreIssues).toEqual({ step: null, programStepId: null, checkIn: false });
		expect(therapistReads(trustFirst, coreIssues)).toBe('Outside the program');
		expect(partnerReads(trustFirst, coreIssues)).toBe('Outside the program');
	});

	it('puts a therapist’s own worksheet outside the program, whatever step it names', () => {
		for (const program of [trustFirst, tenSteps])
			for (const step of [null, 3]) {
				const own = setUnder(program, ownWorksheet(step));
				expect(therapistReads(program, own)).toBe('Outside the program');
				expect(partnerReads(program, own)).toBe('Outside the program');
			}
	});

	it('shows a partner only “Check-in” for a private worksheet, whatever it was set under', () => {
		const safety = setUnder(trustFirst, builtin('safety-check-in'));
		expect(partnerReads(trustFirst, safety, true)).toBe('Check-in');
		// A private worksheet of the therapist's own, even under a step, tells the phone nothing more.
		const underAStep = { step: null, programStepId: 'hurt', checkIn: false };
		expect(therapistReads(trustFirst, underAStep)).toBe('Step 2');
		expect(partnerReads(trustFirst, underAStep, true)).toBe('Check-in');
		expect(partnerReads(trustFirst, setUnder(trustFirst, ownWorksheet(null)), true)).toBe(
			'Check-in'
		);
	});
});
