import { readDayRange, type DayRangeErrors } from '$lib/day-range';
import type { TrailFilter } from '$lib/server/audit/trail';

/** The trail's filter as the page's GET form sends it; unknown fields are ignored. */
export function readTrailQuery(
	params: URLSearchParams,
	zone: string
): { filter: TrailFilter; errors: DayRangeErrors } {
	const text = (name: string) => (params.get(name) ?? '').trim().slice(0, 100);
	const { range, errors } = readDayRange(text('from'), text('to'), zone);
	return {
		filter: { personId: text('person') || null, action: text('action') || null, range },
		errors
	};
}

/** The same filter as a query string, so the CSV download holds what the page shows. */
export function trailQueryString(filter: TrailFilter): string {
	const params = new URLSearchParams();
	if (filter.personId) params.set('person', filter.personId);
	if (filter.action) params.set('action', filter.action);
	if (filter.range.fromDay) params.set('from', filter.range.fromDay);
	if (filter.range.toDay) params.set('to', filter.range.toDay);
	const query = params.toString();
	return query ? `?${query}` : '';
}
