import { describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES } from '../builtin';
import { templateFromQuestionnaire } from './questionnaire-import';
import { questionnaireOf, questionnaireUrl } from './questionnaire';
import { fhirSchemaErrors } from '../../server/testing/fhir-schema';
import type { WorksheetTemplate } from '../template';

/** A Questionnaire as it says what it asks: its identity (the template's id and version) left out. */
function content(template: WorksheetTemplate, version = 1): unknown {
	const {
		id: _id,
		url,
		version: _version,
		name: _name,
		...rest
	} = questionnaireOf(template, version);
	// Option codes hang off the template's address: the same codes under another address.
	return JSON.parse(JSON.stringify(rest).replaceAll(url, 'TEMPLATE'));
}

function imported(resource: unknown, id = 'own-imported'): WorksheetTemplate {
	const result = templateFromQuestionnaire(resource, id);
	if ('problems' in result) throw new Error(result.problems.join('\n'));
	return result.template;
}

describe('a worksheet as a FHIR R4 Questionnaire, and back', () => {
	it('exports every built-in as valid FHIR R4, and a round trip gives the same Questionnaire', () => {
		for (const template of BUILTIN_TEMPLATES) {
			const exported = questionnaireOf(template, 3);
			expect(fhirSchemaErrors(exported), template.id).toEqual([]);
			const back = imported(JSON.parse(JSON.stringify(exported)));
			expect(content(back), template.id).toEqual(content(template, 3));
			expect(fhirSchemaErrors(questionnaireOf(back, 1)), template.id).toEqual([]);
		}
	});

	it('carries audiences, help, limits, scores and flags in its items and extensions', () => {
		const core = BUILTIN_TEMPLATES.find((template) => template.id === 'safety-check-in')!;
		const exported = questionnaireOf(core, 1);
		expect(exported.url).toBe(questionnaireUrl('safety-check-in'));
		expect(exported.item[0]!.extension).toContainEqual({
			url: 'urn:common-ground:extension:audience',
			valueCode: 'confidential'
		});
		expect(imported(exported).privacy).toBe('private');
		expect(imported(exported).concernRules).toEqual(core.concernRules);
	});

	it('takes a simple Questionnaire from elsewhere', () => {
		const template = imported({
			resourceType: 'Questionnaire',
			status: 'draft',
			title: 'Weekly mood',
			item: [
				{ linkId: '1', text: 'Your name for this week', type: 'string' },
				{ linkId: '2', text: 'What went well', type: 'text', required: true },
				{ linkId: '3', text: 'Mood today', type: 'integer' },
				{
					linkId: '4',
					text: 'Slept well',
					type: 'choice',
					answerOption: [{ valueString: 'Yes' }, { valueString: 'No' }]
				},
				{
					linkId: 'about',
					text: 'About you',
					type: 'group',
					item: [
						{
							linkId: 'about.1',
							text: 'Age range',
							type: 'choice',
							answerOption: [
								{ valueCoding: { code: 'a', display: 'Under 30' } },
								{ valueCoding: { code: 'b', display: '30 or over' } }
							]
						}
					]
				},
				{
					linkId: 'worries',
					text: 'Each worry',
					type: 'group',
					repeats: true,
					item: [{ linkId: 'worries.size', text: 'How big', type: 'integer' }]
				}
			]
		});
		expect(template.title).toBe('Weekly mood');
		expect(template.fields.map((field) => [field.key, field.kind])).toEqual([
			['q-1', 'short-text'],
			['q-2', 'long-text'],
			['q-3', 'scale'],
			['q-4', 'single-choice'],
			['q-about-1', 'single-choice'],
			['worries', 'repeating-group']
		]);
		expect(template.fields[2]).toMatchObject({ min: 0, max: 10, minLabel: '0', maxLabel: '10' });
		expect(template.fields[3]).toMatchObject({
			options: [
				{ value: 'yes', label: 'Yes' },
				{ value: 'no', label: 'No' }
			]
		});
	});

	it('says what is wrong and where, and makes nothing of a bad one', () => {
		expect(templateFromQuestionnaire({ resourceType: 'Patient' }, 'own-x')).toEqual({
			problems: ['This is a FHIR Patient, not a Questionnaire.']
		});
		expect(templateFromQuestionnaire([1, 2], 'own-x')).toMatchObject({
			problems: [expect.stringMatching(/not a FHIR Questionnaire/)]
		});
		expect(templateFromQuestionnaire({ resourceType: 'Questionnaire' }, 'own-x')).toEqual({
			problems: ['The Questionnaire has no items ("item" is missing or empty).']
		});
		expect(
			templateFromQuestionnaire(
				{
					resourceType: 'Questionnaire',
					item: [
						{ linkId: 'when', text: 'When', type: 'date' },
						{ text: 'No id', type: 'string' },
						{ linkId: 'pick', text: 'Pick', type: 'choice' },
						'nonsense'
					]
				},
				'own-x'
			)
		).toEqual({
			problems: [
				'item[0] “when” is of type “date”, which a worksheet cannot ask: use string, text, integer, choice or group.',
				'item[1] has no linkId.',
				'item[2] “pick” is a choice with no answerOption.',
				'item[3] is not an item.'
			]
		});
		// Well-formed FHIR, but not a worksheet the checker passes: said with the item's place.
		expect(
			templateFromQuestionnaire(
				{
					resourceType: 'Questionnaire',
					item: [
						{
							linkId: 'one',
							text: 'One option only',
							type: 'choice',
							answerOption: [{ valueString: 'Only' }]
						}
					]
				},
				'own-x'
			)
		).toEqual({ problems: ['item[0] “one”: Field "one" needs at least two options.'] });
	});
});
