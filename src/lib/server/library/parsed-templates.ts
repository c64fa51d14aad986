import type { Database } from '../database/open';
import type { WorksheetTemplate } from '../../worksheets/template';

// A stored template version never changes (a trigger refuses it), so each is
// parsed once per process and kept, found again by its fingerprint (the
// SHA-256 of its definition, which differs whenever the definition does). A
// page asks for the fingerprints of the versions it needs, which is a small
// indexed read, and reads and parses only the definitions it has not met yet.

const parsed = new Map<string, WorksheetTemplate>();

/** A version as a query names it: its template, number and fingerprint. */
export interface VersionRef {
	template_id: string;
	version: number;
	fingerprint: string;
}

/** Each row with its template, reading (in one query) only the definitions not parsed before. */
export async function withTemplates<Row extends VersionRef>(
	db: Database,
	rows: readonly Row[]
): Promise<Array<Row & { template: WorksheetTemplate }>> {
	const unknown = [...new Set(rows.map((row) => row.fingerprint))].filter(
		(fingerprint) => !parsed.has(fingerprint)
	);
	if (unknown.length > 0) {
		const definitions = await db
			.selectFrom('worksheet_template_versions')
			.select(['fingerprint', 'definition'])
			.where('fingerprint', 'in', unknown)
			.execute();
		for (const row of definitions)
			parsed.set(row.fingerprint, JSON.parse(row.definition) as WorksheetTemplate);
	}
	return rows.flatMap((row) => {
		const template = parsed.get(row.fingerprint);
		return template ? [{ ...row, template }] : [];
	});
}

/** `template_id@version`, the key pages use to find the version a response was written against. */
export const versionKey = (templateId: string, version: number) => `${templateId}@${version}`;
