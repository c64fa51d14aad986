import { readDayRange, type DayRange, type DayRangeErrors } from '$lib/day-range';

/** The record's dates and whether to include the therapist's notes, as the page's GET form sends them. */
export function readRecordQuery(
	params: URLSearchParams,
	zone: string
): { range: DayRange; withNotes: boolean; format: 'pdf' | 'fhir'; errors: DayRangeErrors } {
	const text = (name: string) => (params.get(name) ?? '').trim().slice(0, 20);
	const { range, errors } = readDayRange(text('from'), text('to'), zone, { required: true });
	return {
		range,
		withNotes: params.get('notes') === 'yes',
		format: params.get('format') === 'fhir' ? 'fhir' : 'pdf',
		errors
	};
}

export function recordQueryString(range: DayRange, withNotes: boolean): string {
	const params = new URLSearchParams({ from: range.fromDay, to: range.toDay });
	if (withNotes) params.set('notes', 'yes');
	return `?${params.toString()}`;
}
