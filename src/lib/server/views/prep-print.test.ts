import { describe, expect, it } from 'vitest';
import { forPrint, printOptions } from './prep-print';
import type { PrepWorksheet, SessionPrep } from './session-prep';
import { coreIssues } from '../../worksheets/builtin/core-issues';
import { safetyCheckIn } from '../../worksheets/builtin/safety-check-in';
import { sideBySide } from '../../worksheets/compare';
import { jointSessionMarks } from '../../worksheets/joint-session-marks';
import { scaleCharts } from '../../worksheets/scale-charts';
import type { WorksheetTemplate } from '../../worksheets/template';
import type { Answers } from '../../worksheets/answers';

const CONFIDENTIAL = 'Only for the therapist.';
const handedIn = {
	status: 'submitted' as const,
	sharing: { therapistFields: false, sharedFields: true }
};

function worksheet(id: string, template: WorksheetTemplate, answers: Answers) {
	const sections = sideBySide(template, answers, null);
	return {
		assignmentId: id,
		title: template.title,
		placement: template.step === null ? 'Check-in' : `Step ${template.step}`,
		private: template.privacy === 'private',
		template,
		sections,
		marks: jointSessionMarks(template, sections, [handedIn, null]),
		charts: scaleCharts(template, sections),
		responses: [null, null],
		score: [null, null],
		band: [null, null]
	} as PrepWorksheet;
}

const prep = {
	notes: 'Ask about the holidays.',
	worksheets: [
		worksheet('core', coreIssues, {
			areas: { rows: [{ name: 'Trust', answers: { 'how-serious': 2 } }] },
			'for-therapist-only': CONFIDENTIAL
		}),
		worksheet('safety', safetyCheckIn, {})
	],
	missing: [
		{
			assignmentId: 'safety-2',
			title: 'Safety',
			partnerName: 'Sam',
			dueAt: null,
			overdue: false,
			private: true
		},
		{
			assignmentId: 'goals',
			title: 'Goals',
			partnerName: 'Sam',
			dueAt: null,
			overdue: false,
			private: false
		}
	],
	flags: [
		{ kind: 'safety', partnerName: 'Sam', detail: 'A concerning answer' },
		{ kind: 'disagreement', partnerName: null, detail: 'Far apart' }
	]
} as unknown as SessionPrep;

describe('printOptions', () => {
	it('is the page on screen without ?print, and reads what to leave out with it', () => {
		expect(printOptions(new URLSearchParams(''))).toBeNull();
		expect(printOptions(new URLSearchParams('print=&leave-out=private'))).toEqual({
			leaveOutPrivate: true,
			leaveOutNotes: false
		});
		expect(printOptions(new URLSearchParams('print=&leave-out=notes&leave-out=junk'))).toEqual({
			leaveOutPrivate: false,
			leaveOutNotes: true
		});
	});
});

describe('forPrint', () => {
	it('leaves out private check-ins, their flags and reminders, and confidential answers', () => {
		const printed = forPrint(prep, { leaveOutPrivate: true, leaveOutNotes: false });
		expect(printed.worksheets.map((item) => item.assignmentId)).toEqual(['core']);
		expect(JSON.stringify(printed)).not.toContain(CONFIDENTIAL);
		expect(printed.worksheets[0]!.sections.map((section) => section.title)).not.toContain(
			'Anything only my therapist should ever read'
		);
		// Marks stay beside their rows.
		expect(printed.worksheets[0]!.marks.map((rows) => rows.length)).toEqual(
			printed.worksheets[0]!.sections.map((section) => section.rows.length)
		);
		expect(printed.worksheets[0]!.charts).toHaveLength(1);
		expect(printed.missing.map((item) => item.title)).toEqual(['Goals']);
		expect(printed.flags.map((flag) => flag.kind)).toEqual(['disagreement']);
		expect(printed.notes).toBe('Ask about the holidays.');
	});

	it('leaves out the notes when asked, and keeps everything else when told to', () => {
		const printed = forPrint(prep, { leaveOutPrivate: false, leaveOutNotes: true });
		expect(printed.notes).toBe('');
		expect(printed.worksheets).toEqual(prep.worksheets);
		expect(printed.flags).toEqual(prep.flags);
	});
});
