import type { SideBySideSection } from './compare';
import { audienceOf, type ScaleField, type WorksheetTemplate } from './template';

// A worksheet's ratings of a list of topics (the core areas' "how serious is
// this for me?"), both partners' per topic, for a chart where the gaps show
// at a glance. The numbers are the side-by-side table's own, read from the
// same sections, so the chart and the text cannot disagree.

export interface ScaleChart {
	/** "The core areas: How serious is this for me?" */
	question: string;
	min: number;
	max: number;
	minLabel: string;
	maxLabel: string;
	/** For the therapist alone, always: left out of print. */
	confidential: boolean;
	/** One per topic either partner rated, in the table's order. */
	rows: Array<{ topic: string; first: number | null; second: number | null }>;
}

const rating = (answer: unknown): number | null => (typeof answer === 'number' ? answer : null);

/** One chart per scale inside a repeating group, when at least one topic was rated. */
export function scaleCharts(
	template: WorksheetTemplate,
	sections: readonly SideBySideSection[]
): ScaleChart[] {
	const charts: ScaleChart[] = [];
	for (const group of template.fields) {
		if (group.kind !== 'repeating-group') continue;
		const prefix = `${group.label} › `;
		for (const scale of group.fields.filter(
			(inner): inner is ScaleField => inner.kind === 'scale'
		)) {
			const rows = sections
				.filter((section) => section.title.startsWith(prefix))
				.flatMap((section) => {
					const row = section.rows.find((candidate) => candidate.field === scale);
					return row
						? [
								{
									topic: section.title.slice(prefix.length),
									first: rating(row.first),
									second: rating(row.second)
								}
							]
						: [];
				})
				.filter((row) => row.first !== null || row.second !== null);
			if (rows.length === 0) continue;
			charts.push({
				question: `${group.label}: ${scale.label}`,
				min: scale.min,
				max: scale.max,
				minLabel: scale.minLabel,
				maxLabel: scale.maxLabel,
				confidential: audienceOf(group) === 'confidential',
				rows
			});
		}
	}
	return charts;
}
