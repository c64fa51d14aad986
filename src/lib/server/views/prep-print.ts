import type { SessionPrep } from './session-prep';

// What a printed prep page leaves out. Paper lies on a table in a joint
// session and may be left behind, so by default it holds no private
// check-in, no sign of one, and no confidential answer; the therapist may
// leave out their notes as well. What is left out is taken out here, on the
// server, so it is not in the page or its data at all.

export interface PrintOptions {
	/** Private check-ins (and their flags and reminders) and confidential answers. */
	leaveOutPrivate: boolean;
	leaveOutNotes: boolean;
}

/** The print version the therapist asked for (`?print`), or null for the page on screen. */
export function printOptions(query: URLSearchParams): PrintOptions | null {
	if (!query.has('print')) return null;
	const leaveOut = query.getAll('leave-out');
	return {
		leaveOutPrivate: leaveOut.includes('private'),
		leaveOutNotes: leaveOut.includes('notes')
	};
}

export function forPrint(prep: SessionPrep, options: PrintOptions): SessionPrep {
	if (!options.leaveOutPrivate) return { ...prep, notes: options.leaveOutNotes ? '' : prep.notes };
	const privateWork = new Set(
		prep.worksheets
			.filter((worksheet) => worksheet.private)
			.map((worksheet) => worksheet.assignmentId)
	);
	return {
		...prep,
		notes: options.leaveOutNotes ? '' : prep.notes,
		worksheets: prep.worksheets
			.filter((worksheet) => !worksheet.private)
			.map((worksheet) => {
				// Rows, and whole sections, whose every answer is confidential go.
				const sections = worksheet.sections.map((section, sectionIndex) => ({
					section,
					rows: section.rows
						.map((row, rowIndex) => ({ row, marks: worksheet.marks[sectionIndex]![rowIndex]! }))
						.filter(({ marks }) => !marks.includes('confidential'))
				}));
				const kept = sections.filter(({ rows }) => rows.length > 0);
				return {
					...worksheet,
					sections: kept.map(({ section, rows }) => ({
						...section,
						rows: rows.map(({ row }) => row)
					})),
					marks: kept.map(({ rows }) => rows.map(({ marks }) => marks)),
					charts: worksheet.charts.filter((chart) => !chart.confidential)
				};
			}),
		missing: prep.missing.filter((item) => !item.private),
		flags: prep.flags.filter(
			(flag) =>
				flag.kind !== 'safety' &&
				!(flag.followUp?.assignmentId && privateWork.has(flag.followUp.assignmentId))
		)
	};
}
