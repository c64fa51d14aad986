import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignHomework } from '../homework/assignments';
import { builtinTemplate, BUILTIN_TEMPLATES } from '../../worksheets/builtin';
import { checkInAnswers, insertTestCouple, insertTestResponse } from '../testing/casework';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { by } from '../testing/actors';
import { fhirSchemaErrors } from '../testing/fhir-schema';
import { readDayRange } from '../../day-range';
import { questionnaireOf } from '../../worksheets/fhir/questionnaire';
import { coupleFhirBundle } from './fhir-bundle';

const now = new Date('2026-11-27T14:00:00.000Z');
let t: TestDatabase;

beforeEach(async () => {
	t = await createTestDatabase({ builtinTemplates: true });
});
afterEach(async () => {
	await t.cleanup();
});

describe('the FHIR export', () => {
	it('turns every built-in worksheet into a valid Questionnaire', () => {
		for (const template of BUILTIN_TEMPLATES)
			expect(fhirSchemaErrors(questionnaireOf(template, 1)), template.id).toEqual([]);
	});

	it('is a valid R4 Bundle: partners, questionnaires, responses and scored totals, linked', async () => {
		const therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
		const { coupleId, partnerIds } = await insertTestCouple(t.db, therapist, {
			name: 'Zoë & Łukasz',
			partnerNames: ['Zoë', 'Łukasz'],
			at: now
		});
		const assign = async (templateId: string) =>
			(await assignHomework(
				t.db,
				by(therapist),
				coupleId,
				{
					template: builtinTemplate(templateId)!,
					addressees: [null],
					dueAt: null,
					note: '',
					recurrence: 'once'
				},
				now
			))![0]!;
		const accountability = await assign('accountability');
		const checkIn = await assign('satisfaction-check-in');
		await insertTestResponse(t.db, {
			assignmentId: accountability,
			partnerId: partnerIds[0],
			status: 'submitted',
			submittedAt: '2026-11-20T10:00:00.000Z',
			answers: {
				behaviours: {
					rows: [{ name: 'Going quiet', answers: { 'what-i-did': 'I changed the subject.' } }]
				},
				'readiness-to-share': 7
			}
		});
		await insertTestResponse(t.db, {
			assignmentId: checkIn,
			partnerId: partnerIds[1],
			status: 'submitted',
			submittedAt: '2026-11-21T10:00:00.000Z',
			answers: checkInAnswers(12)
		});
		// Outside the dates: left out.
		await insertTestResponse(t.db, {
			assignmentId: checkIn,
			partnerId: partnerIds[0],
			status: 'submitted',
			submittedAt: '2026-10-01T10:00:00.000Z',
			answers: checkInAnswers(18)
		});

		const { bundle, responseIds } = await coupleFhirBundle(
			t.db,
			coupleId,
			readDayRange('2026-11-01', '2026-11-30', 'UTC').range,
			now
		);
		expect(fhirSchemaErrors(bundle)).toEqual([]);
		expect(responseIds).toHaveLength(2);
		const kinds = bundle.entry.map((entry) => entry.resource.resourceType);
		expect(kinds).toEqual([
			'Patient',
			'Patient',
			'Questionnaire',
			'QuestionnaireResponse',
			'Questionnaire',
			'QuestionnaireResponse',
			'Observation'
		]);
		const [zoe, , questionnaire, response, , , total] = bundle.entry;
		expect(zoe!.resource).toMatchObject({ name: [{ text: 'Zoë' }] });
		expect(response!.resource).toMatchObject({
			questionnaire: 'urn:common-ground:worksheet:accountability|1',
			subject: { reference: zoe!.fullUrl },
			item: expect.arrayContaining([
				expect.objectContaining({
					linkId: 'behaviours',
					item: [
						{ linkId: 'behaviours.name', answer: [{ valueString: 'Going quiet' }] },
						expect.objectContaining({
							linkId: 'behaviours.what-i-did',
							answer: [{ valueString: 'I changed the subject.' }]
						})
					]
				}),
				expect.objectContaining({ linkId: 'readiness-to-share', answer: [{ valueInteger: 7 }] })
			])
		});
		expect(questionnaire!.resource).toMatchObject({
			url: 'urn:common-ground:worksheet:accountability',
			version: '1'
		});
		expect(total!.resource).toMatchObject({
			valueQuantity: { value: 12 },
			derivedFrom: [{ reference: bundle.entry[5]!.fullUrl }]
		});
	});

	it('is refused by the schema when broken, so a pass means something', () => {
		expect(fhirSchemaErrors({ resourceType: 'Bundle', type: 'not-a-type' })).not.toEqual([]);
	});
});
