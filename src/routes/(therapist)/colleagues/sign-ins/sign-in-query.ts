import { readDayRange, type DayRangeErrors } from '$lib/day-range';
import type { SignInFilter } from '$lib/server/audit/sign-ins';

/** The sign-ins' filter as the page's GET form sends it; unknown fields are ignored. */
export function readSignInQuery(
	params: URLSearchParams,
	zone: string
): { filter: SignInFilter; errors: DayRangeErrors } {
	const text = (name: string) => (params.get(name) ?? '').trim().slice(0, 100);
	const { range, errors } = readDayRange(text('from'), text('to'), zone);
	return { filter: { personId: text('person') || null, range }, errors };
}

/** The same filter as a query string, for the CSV download and the pager's links. */
export function signInQueryString(filter: SignInFilter, page = 1): string {
	const params = new URLSearchParams();
	if (filter.personId) params.set('person', filter.personId);
	if (filter.range.fromDay) params.set('from', filter.range.fromDay);
	if (filter.range.toDay) params.set('to', filter.range.toDay);
	if (page > 1) params.set('page', String(page));
	const query = params.toString();
	return query ? `?${query}` : '';
}
