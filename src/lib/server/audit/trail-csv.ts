import type { TrailEntry, TrailPerson } from './trail';

// The couple's trail as a CSV file for the therapist's own record system:
// times in UTC, one row per entry, every cell quoted. A cell that a
// spreadsheet would run as a formula (a partner named "=HYPERLINK(…)") is
// prefixed with an apostrophe so it opens as text.

const HEADER = [
	'time (UTC)',
	'person',
	'role',
	'action',
	'object type',
	'object id',
	'from address'
];

export function trailCsv(entries: readonly TrailEntry[], people: readonly TrailPerson[]): string {
	const byId = new Map(people.map((person) => [person.id, person]));
	const rows = entries.map((entry) => {
		const person = entry.personId ? byId.get(entry.personId) : undefined;
		return [
			entry.at,
			person?.name ?? (entry.personId ? 'Someone removed' : 'Not signed in'),
			person?.role ?? '',
			entry.action,
			entry.objectType ?? '',
			entry.objectId ?? '',
			entry.clientAddress ?? ''
		];
	});
	return [HEADER, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string): string {
	const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return `"${text.replace(/"/g, '""')}"`;
}
