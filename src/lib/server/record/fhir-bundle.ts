import crypto from 'node:crypto';
import type { Database } from '../database/open';
import { templateVersion } from '../library/worksheet-templates';
import { handedIn } from '../homework/rules';
import type { Answers } from '../../worksheets/answers';
import type { DayRange } from '../../day-range';
import { questionnaireOf, type Questionnaire } from '../../worksheets/fhir/questionnaire';
import {
	questionnaireResponseOf,
	type QuestionnaireResponse
} from '../../worksheets/fhir/questionnaire-response';

// The couple's handed-in work for a range of days as a FHIR R4 collection
// Bundle: each partner a Patient, each template version used a
// Questionnaire, each response a QuestionnaireResponse of it, and each
// scored total an Observation derived from its response. Resources refer to
// each other by their entries' urn:uuid addresses, so the bundle stands alone.

interface Patient {
	resourceType: 'Patient';
	id: string;
	name: Array<{ text: string }>;
}

interface Observation {
	resourceType: 'Observation';
	id: string;
	status: 'final';
	code: { text: string };
	subject: { reference: string };
	effectiveDateTime: string;
	valueQuantity: { value: number; unit: string };
	derivedFrom: Array<{ reference: string }>;
}

type Resource = Patient | Questionnaire | QuestionnaireResponse | Observation;

export interface FhirBundle {
	resourceType: 'Bundle';
	type: 'collection';
	timestamp: string;
	entry: Array<{ fullUrl: string; resource: Resource }>;
}

export async function coupleFhirBundle(
	db: Database,
	coupleId: string,
	range: DayRange,
	now: Date
): Promise<{ bundle: FhirBundle; responseIds: string[] }> {
	const partners = await db
		.selectFrom('partners')
		.select(['id', 'display_name'])
		.where('couple_id', '=', coupleId)
		.orderBy('position')
		.execute();
	const responses = await db
		.selectFrom('responses')
		.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
		.select([
			'responses.id',
			'responses.partner_id',
			'responses.answers',
			'responses.template_version',
			'responses.submitted_at',
			'responses.total',
			'assignments.template_id'
		])
		.where('assignments.couple_id', '=', coupleId)
		.where((eb) => handedIn(eb.ref('responses.status')))
		.where('responses.submitted_at', '>=', range.from?.toISOString() ?? '')
		.where('responses.submitted_at', '<', range.until?.toISOString() ?? '9999')
		.orderBy('responses.submitted_at')
		.execute();

	const entry: FhirBundle['entry'] = [];
	const add = (resource: Resource) => {
		const fullUrl = `urn:uuid:${crypto.randomUUID()}`;
		entry.push({ fullUrl, resource });
		return fullUrl;
	};
	const patientUrl = new Map<string, string>();
	for (const partner of partners)
		patientUrl.set(
			partner.id,
			add({ resourceType: 'Patient', id: partner.id, name: [{ text: partner.display_name }] })
		);
	const questionnaires = new Set<string>();
	for (const row of responses) {
		const template = await templateVersion(db, row.template_id, row.template_version);
		if (!template) continue;
		const key = `${row.template_id}|${row.template_version}`;
		if (!questionnaires.has(key)) {
			questionnaires.add(key);
			add(questionnaireOf(template, row.template_version));
		}
		const subject = patientUrl.get(row.partner_id)!;
		const responseUrl = add(
			questionnaireResponseOf(template, row.template_version, JSON.parse(row.answers) as Answers, {
				id: row.id,
				subject: { reference: subject },
				authored: row.submitted_at!
			})
		);
		if (row.total !== null)
			add({
				resourceType: 'Observation',
				id: `${row.id}-total`,
				status: 'final',
				code: { text: `${template.title}: total` },
				subject: { reference: subject },
				effectiveDateTime: row.submitted_at!,
				valueQuantity: { value: row.total, unit: 'points' },
				derivedFrom: [{ reference: responseUrl }]
			});
	}
	return {
		bundle: { resourceType: 'Bundle', type: 'collection', timestamp: now.toISOString(), entry },
		responseIds: responses.map((row) => row.id)
	};
}
