import { describe, expect, it } from 'vitest';
import { builtinTemplate } from './builtin';
import { problemLinks } from './field-paths';
import { FORM_PROBLEM } from './validate';

const coreIssues = builtinTemplate('core-issues')!;
const rowNames = (group: string, row: number) =>
	group === 'areas' ? (['Communication', 'Trust', ''][row] ?? '') : '';

describe('problemLinks', () => {
	it('links each problem to its input, named as a person would name the question', () => {
		const links = problemLinks(
			coreIssues,
			{
				[FORM_PROBLEM]: 'The answers could not be read.',
				'priority-1': 'Answer this question before submitting.',
				areas: 'Add at least one area before submitting.',
				'areas.1.what-i-need': 'This answer must be text.',
				'areas.2.name': 'Give this area a name.',
				'areas.0': 'This area could not be read.',
				'areas.1.bogus': 'This worksheet has no such question.',
				bogus: 'This worksheet has no such question.'
			},
			rowNames
		);
		expect(links).toEqual([
			{ target: null, question: 'This worksheet', message: 'The answers could not be read.' },
			{
				target: 'answer-priority-1',
				question: 'The area I most want to work on',
				message: 'Answer this question before submitting.'
			},
			{
				target: 'answer-areas',
				question: 'The core areas',
				message: 'Add at least one area before submitting.'
			},
			{
				target: 'answer-areas-1-what-i-need',
				question: 'The core areas › Trust › What I need',
				message: 'This answer must be text.'
			},
			{
				target: 'answer-areas-2-name',
				question: 'The core areas › area 3',
				message: 'Give this area a name.'
			},
			{
				target: 'answer-areas-0-name',
				question: 'The core areas › Communication',
				message: 'This area could not be read.'
			},
			{
				target: 'answer-areas-1-bogus',
				question: 'The core areas › Trust › bogus',
				message: 'This worksheet has no such question.'
			},
			{
				target: null,
				question: 'An answer this worksheet does not ask for',
				message: 'This worksheet has no such question.'
			}
		]);
	});
});
