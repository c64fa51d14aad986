import { describe, expect, it } from 'vitest';
import { cautionProblem, needsCaution } from './caution';
import { builtinTemplate, BUILTIN_TEMPLATES } from '../../worksheets/builtin';

const template = (id: string) => builtinTemplate(id)!;

describe('caution while an urgent safety concern is open', () => {
	it('covers steps 4 and 7 and every worksheet with shared answers', () => {
		expect(needsCaution(template('reconnecting'))).toBe(true);
		expect(needsCaution(template('taking-it-slow'))).toBe(true);
		expect(needsCaution(template('safety-check-in'))).toBe(false);
		for (const each of BUILTIN_TEMPLATES)
			if (each.fields.some((field) => field.audience === 'shared'))
				expect(needsCaution(each)).toBe(true);
	});

	it('refuses without the therapist’s confirmation, only while the flag is open', () => {
		expect(cautionProblem(template('reconnecting'), true, false)).toMatch(/I have considered this/);
		expect(cautionProblem(template('reconnecting'), true, true)).toBeNull();
		expect(cautionProblem(template('reconnecting'), false, false)).toBeNull();
		expect(cautionProblem(template('safety-check-in'), true, false)).toBeNull();
	});
});
