import type { SideBySideSection } from './compare';

// The differences between two partners worth raising first: the scales they
// rated furthest apart, then the topics only one of them named.

export interface ToRaise {
	/** "The core areas › Trust", or the question. */
	topic: string;
	/** A scale's two ratings and its top; absent for a topic only one named. */
	ratings?: { first: number; second: number; max: number };
	onlyNamedBy?: 'first' | 'second';
}

/** The `limit` biggest differences of one worksheet, biggest first. */
export function biggestDifferences(
	sections: readonly SideBySideSection[],
	limit: number
): Array<ToRaise & { gap: number }> {
	const found: Array<ToRaise & { gap: number }> = [];
	for (const section of sections) {
		if (section.onlyNamedBy) {
			found.push({ topic: section.title, onlyNamedBy: section.onlyNamedBy, gap: 0 });
			continue;
		}
		for (const row of section.rows) {
			if (row.difference === null || row.field.kind !== 'scale') continue;
			if (typeof row.first !== 'number' || typeof row.second !== 'number') continue;
			found.push({
				topic: section.rows.length > 1 ? `${section.title}: ${row.question}` : section.title,
				ratings: { first: row.first, second: row.second, max: row.field.max },
				gap: Math.abs(row.first - row.second)
			});
		}
	}
	return found.sort((a, b) => b.gap - a.gap).slice(0, limit);
}
