import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answers } from './answers';
import { BUILTIN_TEMPLATES } from './builtin';
import {
	DEFAULT_LONG_TEXT_MAX,
	DEFAULT_MAX_ROWS,
	DEFAULT_SHORT_TEXT_MAX,
	OTHER_TEXT_MAX,
	ROW_NAME_MAX,
	type Field,
	type SimpleField,
	type WorksheetTemplate
} from './template';
import {
	FORM_PROBLEM,
	characterCount,
	validateAnswers,
	type Problems,
	type ValidationMode
} from './validate';

/** Every kind of field, each with the options the validator must honour. */
const everyKind: WorksheetTemplate = {
	id: 'every-kind',
	title: 'Every kind of field',
	intro: 'For tests.',
	step: null,
	minutes: 5,
	fields: [
		{ key: 'title', kind: 'short-text', label: 'A title', required: true },
		{ key: 'story', kind: 'long-text', label: 'The story' },
		{ key: 'note', kind: 'short-text', label: 'A short note', maxLength: 10 },
		{
			key: 'rating',
			kind: 'scale',
			label: 'How much',
			min: 1,
			max: 5,
			minLabel: 'Little',
			maxLabel: 'Lots',
			required: true
		},
		{
			key: 'mood',
			kind: 'single-choice',
			label: 'Mood',
			options: [
				{ value: 'calm', label: 'Calm' },
				{ value: 'tense', label: 'Tense' },
				{ value: 'sad', label: 'Sad' }
			]
		},
		{
			key: 'habits',
			kind: 'multiple-choice',
			label: 'Habits',
			options: [
				{ value: 'walks', label: 'Walks' },
				{ value: 'meals', label: 'Meals' },
				{ value: 'talks', label: 'Talks' }
			],
			other: { label: 'Something else' },
			maxSelected: 2
		},
		{
			key: 'areas',
			kind: 'repeating-group',
			label: 'Areas',
			itemName: 'area',
			nameLabel: 'Name this area',
			presetRows: ['Trust', 'Money'],
			maxRows: 4,
			required: true,
			fields: [
				{
					key: 'serious',
					kind: 'scale',
					label: 'How serious',
					min: 0,
					max: 10,
					minLabel: 'Not',
					maxLabel: 'Very',
					required: true
				},
				{ key: 'needs', kind: 'long-text', label: 'What I need' },
				{
					key: 'tags',
					kind: 'multiple-choice',
					label: 'Tags',
					options: [
						{ value: 'old', label: 'Old' },
						{ value: 'new', label: 'New' }
					]
				}
			]
		}
	]
};

const FORM_MESSAGE = 'The answers could not be read. Reload the page and try again.';
const UNKNOWN = 'This worksheet has no such question.';
const REQUIRED = 'Answer this question before submitting.';

function accepted(
	input: unknown,
	mode: ValidationMode = 'draft',
	template: WorksheetTemplate = everyKind
): Answers {
	const result = validateAnswers(template, input, mode);
	if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}`);
	return result.answers;
}

function refused(
	input: unknown,
	mode: ValidationMode = 'draft',
	template: WorksheetTemplate = everyKind
): Problems {
	const result = validateAnswers(template, input, mode);
	if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.answers)}`);
	return result.problems;
}

/** A draft holding only the given group rows. */
function withRows(rows: unknown[]): Record<string, unknown> {
	return { areas: { rows } };
}

/** The group's preset rows, as a new draft lays them out. */
const presets = [
	{ name: 'Trust', answers: {} },
	{ name: 'Money', answers: {} }
];

/** What a partner would send to submit everything but the group. */
const answeredOutsideGroup = { title: 'Mine', rating: 3 };

describe('validateAnswers: payloads it cannot read', () => {
	class Answersish {
		title = 'Mine';
	}
	const malformed: Array<[string, unknown]> = [
		['null', null],
		['undefined', undefined],
		['an array', [{ title: 'Mine' }]],
		['a string', '{"title":"Mine"}'],
		['a number', 42],
		['a boolean', true],
		['a date', new Date()],
		['a map', new Map([['title', 'Mine']])],
		['a class instance', new Answersish()],
		['an object inheriting from another', Object.create({ title: 'Mine' }) as unknown]
	];

	for (const [what, input] of malformed) {
		it(`refuses ${what} as a whole, without throwing`, () => {
			for (const mode of ['draft', 'submit'] as const) {
				expect(validateAnswers(everyKind, input, mode)).toEqual({
					ok: false,
					problems: { [FORM_PROBLEM]: FORM_MESSAGE }
				});
			}
		});
	}

	it('reads an object without a prototype like a plain one', () => {
		const input = Object.assign(Object.create(null) as Record<string, unknown>, { title: 'Mine' });
		expect(accepted(input)).toEqual({ title: 'Mine' });
	});
});

describe('validateAnswers: keys', () => {
	it('refuses a key the template does not have, at that key', () => {
		expect(refused({ title: 'Mine', bogus: 'x' })).toEqual({ bogus: UNKNOWN });
	});

	it('refuses __proto__ and constructor as own keys, and pollutes nothing', () => {
		const input: unknown = JSON.parse(
			'{"title": "Mine", "__proto__": {"title": "injected", "polluted": true}}'
		);
		expect(Object.keys(input as object)).toContain('__proto__');
		// A message keyed "__proto__" would be swallowed by the assignment: the form as a whole is refused.
		expect(refused(input)).toEqual({ [FORM_PROBLEM]: FORM_MESSAGE });
		expect(refused(JSON.parse('{"__proto__": "x"}'), 'submit')).toMatchObject({
			[FORM_PROBLEM]: FORM_MESSAGE
		});
		expect(refused(JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'))).toEqual({
			constructor: UNKNOWN
		});
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('refuses an empty key, for the form as a whole', () => {
		expect(refused({ '': 'x', title: 'Mine' })).toEqual({ [FORM_PROBLEM]: FORM_MESSAGE });
	});

	it('refuses __proto__ inside a multiple choice, a group, a row and its answers', () => {
		expect(
			refused(JSON.parse('{"habits": {"selected": ["walks"], "__proto__": {"other": "x"}}}'))
		).toEqual({ habits: 'Choose from the options.' });
		expect(refused(JSON.parse('{"areas": {"rows": [], "__proto__": {}}}'))).toEqual({
			areas: 'The area list could not be read.'
		});
		expect(
			refused(
				JSON.parse('{"areas": {"rows": [{"name": "Trust", "answers": {}, "__proto__": {}}]}}')
			)
		).toEqual({
			'areas.0': 'This area could not be read.'
		});
		expect(
			refused(
				JSON.parse(
					'{"areas": {"rows": [{"name": "Trust", "answers": {"__proto__": {"needs": "x"}}}]}}'
				)
			)
		).toEqual({
			'areas.0.__proto__': UNKNOWN
		});
		expect(
			refused(
				JSON.parse('{"areas": {"rows": [{"name": "Trust", "answers": {"constructor": "x"}}]}}')
			)
		).toEqual({
			'areas.0.constructor': UNKNOWN
		});
	});

	it('reads only answers given, not what every object inherits, for a field keyed like one', () => {
		const inherited: WorksheetTemplate = {
			...everyKind,
			fields: [
				{ key: 'constructor', kind: 'short-text', label: 'Built by' },
				{ key: 'toString', kind: 'long-text', label: 'Said as' },
				{
					key: 'valueOf',
					kind: 'repeating-group',
					label: 'Worth',
					itemName: 'value',
					nameLabel: 'Name',
					fields: [{ key: 'hasOwnProperty', kind: 'short-text', label: 'Own' }]
				}
			]
		};
		expect(accepted({}, 'draft', inherited)).toEqual({});
		expect(
			accepted({ valueOf: { rows: [{ name: 'Care', answers: {} }] } }, 'draft', inherited)
		).toEqual({
			valueOf: { rows: [{ name: 'Care', answers: {} }] }
		});
		expect(
			accepted(JSON.parse('{"constructor": "Me", "toString": "Softly"}'), 'draft', inherited)
		).toEqual({ constructor: 'Me', toString: 'Softly' });
	});
});

describe('validateAnswers: short and long text', () => {
	it('keeps text as written', () => {
		expect(accepted({ title: '  My title ', story: 'Line one\nLine two' })).toEqual({
			title: '  My title ',
			story: 'Line one\nLine two'
		});
	});

	it('leaves out empty and whitespace-only text, and null', () => {
		expect(accepted({ title: '', story: ' \n\t ', note: null })).toEqual({});
	});

	it('removes NUL characters, and leaves out text that was nothing else', () => {
		expect(accepted({ title: 'a\u0000b\u0000', story: '\u0000 \u0000' })).toEqual({ title: 'ab' });
	});

	it('refuses anything but text, at the field', () => {
		for (const wrong of [5, true, ['a'], { text: 'a' }]) {
			expect(refused({ title: wrong, story: wrong })).toEqual({
				title: 'This answer must be text.',
				story: 'This answer must be text.'
			});
		}
	});

	it('takes short text up to 500 characters by default', () => {
		expect(DEFAULT_SHORT_TEXT_MAX).toBe(500);
		expect(accepted({ title: 'x'.repeat(500) })).toEqual({ title: 'x'.repeat(500) });
		expect(refused({ title: 'x'.repeat(501) })).toEqual({
			title: 'This answer is 501 characters long; the limit is 500. Shorten it a little to save.'
		});
	});

	it('takes long text up to 20,000 characters by default', () => {
		expect(DEFAULT_LONG_TEXT_MAX).toBe(20_000);
		expect(accepted({ story: 'x'.repeat(20_000) })).toEqual({ story: 'x'.repeat(20_000) });
		expect(refused({ story: 'x'.repeat(20_001) })).toEqual({
			story:
				'This answer is 20,001 characters long; the limit is 20,000. Shorten it a little to save.'
		});
	});

	it('counts an emoji as one character, not two', () => {
		const emoji = '😀';
		expect(emoji.length).toBe(2);
		expect(characterCount(emoji.repeat(3))).toBe(3);
		expect(accepted({ story: emoji.repeat(20_000) })).toEqual({ story: emoji.repeat(20_000) });
		expect(refused({ story: emoji.repeat(20_001) }).story).toMatch(
			/20,001 characters long; the limit is 20,000/
		);
	});

	it("honours a field's own limit", () => {
		expect(accepted({ note: '0123456789' })).toEqual({ note: '0123456789' });
		expect(refused({ note: '0123456789!' })).toEqual({
			note: 'This answer is 11 characters long; the limit is 10. Shorten it a little to save.'
		});
	});
});

describe('validateAnswers: scale', () => {
	it('takes whole numbers from min to max', () => {
		expect(accepted({ rating: 1 })).toEqual({ rating: 1 });
		expect(accepted({ rating: 5 })).toEqual({ rating: 5 });
	});

	it('refuses points off the scale', () => {
		expect(refused({ rating: 0 })).toEqual({ rating: 'Choose a point from 1 to 5.' });
		expect(refused({ rating: 6 })).toEqual({ rating: 'Choose a point from 1 to 5.' });
		expect(refused({ rating: -1 })).toEqual({ rating: 'Choose a point from 1 to 5.' });
	});

	it('refuses fractions, non-numbers and strings of digits', () => {
		for (const wrong of [2.5, Number.NaN, Number.POSITIVE_INFINITY, '3', true, [3], { value: 3 }]) {
			expect(refused({ rating: wrong }), JSON.stringify(wrong)).toEqual({
				rating: 'Choose a point on the scale.'
			});
		}
	});

	it('leaves out a scale left alone', () => {
		expect(accepted({ rating: null })).toEqual({});
	});
});

describe('validateAnswers: single choice', () => {
	it("takes one of the options' values", () => {
		expect(accepted({ mood: 'tense' })).toEqual({ mood: 'tense' });
	});

	it('leaves out an empty choice', () => {
		expect(accepted({ mood: '' })).toEqual({});
	});

	it('refuses a value that is not an option, or not text', () => {
		for (const wrong of ['Tense', 'angry', 1, ['calm'], { value: 'calm' }]) {
			expect(refused({ mood: wrong })).toEqual({ mood: 'Choose one of the options.' });
		}
	});
});

describe('validateAnswers: multiple choice', () => {
	it("puts the selection in the template's order, whatever order it came in", () => {
		expect(accepted({ habits: { selected: ['talks', 'walks'] } })).toEqual({
			habits: { selected: ['walks', 'talks'] }
		});
	});

	it('keeps "other" text, with NUL characters removed', () => {
		expect(accepted({ habits: { selected: ['meals'], other: 'Din\u0000ners' } })).toEqual({
			habits: { selected: ['meals'], other: 'Dinners' }
		});
		expect(accepted({ habits: { selected: [], other: 'Dancing' } })).toEqual({
			habits: { selected: [], other: 'Dancing' }
		});
	});

	it('leaves out an empty selection, and "other" with nothing but blanks or NULs', () => {
		expect(accepted({ habits: { selected: [] } })).toEqual({});
		expect(accepted({ habits: { selected: [], other: '  ' } })).toEqual({});
		expect(accepted({ habits: { selected: [], other: null } })).toEqual({});
		expect(accepted({ habits: { selected: [], other: '\u0000' } })).toEqual({});
		expect(accepted({ habits: { selected: ['walks'], other: ' \u0000 ' } })).toEqual({
			habits: { selected: ['walks'] }
		});
	});

	it('refuses more choices than allowed, counting "other" as one', () => {
		expect(refused({ habits: { selected: ['walks', 'meals', 'talks'] } })).toEqual({
			habits: 'Choose at most 2; you chose 3.'
		});
		expect(refused({ habits: { selected: ['walks', 'meals'], other: 'Dancing' } })).toEqual({
			habits: 'Choose at most 2; you chose 3.'
		});
		expect(accepted({ habits: { selected: ['walks'], other: 'Dancing' } })).toEqual({
			habits: { selected: ['walks'], other: 'Dancing' }
		});
	});

	it('refuses a value that is not an option, and one chosen twice', () => {
		expect(refused({ habits: { selected: ['walks', 'runs'] } })).toEqual({
			habits: 'Choose from the options.'
		});
		expect(refused({ habits: { selected: [1] } })).toEqual({ habits: 'Choose from the options.' });
		expect(refused({ habits: { selected: ['walks', 'walks'] } })).toEqual({
			habits: 'Each option can be chosen once.'
		});
	});

	it('refuses anything but { selected, other }', () => {
		for (const wrong of [
			'walks',
			['walks'],
			{ selected: 'walks' },
			{ selected: ['walks'], extra: 1 },
			3
		]) {
			expect(refused({ habits: wrong })).toEqual({ habits: 'Choose from the options.' });
		}
	});

	it('refuses "other" where the question has none, or when it is not text', () => {
		const tags = { name: 'Trust', answers: { tags: { selected: ['old'], other: 'x' } } };
		expect(refused(withRows([tags]))).toEqual({
			'areas.0.tags': 'This question has no "other" answer.'
		});
		expect(refused({ habits: { selected: [], other: 3 } })).toEqual({
			habits: 'This question has no "other" answer.'
		});
	});

	it('keeps "other" to 200 characters', () => {
		expect(OTHER_TEXT_MAX).toBe(200);
		expect(accepted({ habits: { selected: [], other: '😀'.repeat(200) } })).toEqual({
			habits: { selected: [], other: '😀'.repeat(200) }
		});
		expect(refused({ habits: { selected: [], other: 'x'.repeat(201) } })).toEqual({
			habits: 'Keep "Something else" to 200 characters.'
		});
	});
});

describe('validateAnswers: repeating group', () => {
	it('keeps preset rows as laid out in a draft', () => {
		expect(accepted(withRows(presets))).toEqual(withRows(presets));
	});

	it("normalises each row: the name trimmed and without NULs, the answers like any field's", () => {
		const rows = [
			{
				name: '  Fam\u0000ily ',
				answers: { serious: 4, needs: '  ', tags: { selected: ['new', 'old'] } }
			}
		];
		expect(accepted(withRows(rows))).toEqual(
			withRows([{ name: 'Family', answers: { serious: 4, tags: { selected: ['old', 'new'] } } }])
		);
	});

	it("refuses a wrong answer in a row at the row's field", () => {
		const rows = [...presets, { name: 'Sex', answers: { needs: 7, serious: 11 } }];
		expect(refused(withRows(rows))).toEqual({
			'areas.2.needs': 'This answer must be text.',
			'areas.2.serious': 'Choose a point from 0 to 10.'
		});
	});

	it('refuses a key a row does not have', () => {
		expect(refused(withRows([{ name: 'Trust', answers: { bogus: 'x' } }]))).toEqual({
			'areas.0.bogus': UNKNOWN
		});
	});

	it('refuses a row that is not { name, answers }', () => {
		const wrongRows = [
			null,
			'Trust',
			['Trust', {}],
			{ name: 'Trust' },
			{ name: 3, answers: {} },
			{ name: 'Trust', answers: [] },
			{ name: 'Trust', answers: {}, extra: 1 }
		];
		for (const row of wrongRows) {
			expect(refused(withRows([presets[0], row])), JSON.stringify(row)).toEqual({
				'areas.1': 'This area could not be read.'
			});
		}
	});

	it('refuses a list that is not { rows }', () => {
		for (const wrong of [[], 'Trust', { rows: 'Trust' }, { rows: [], extra: true }, { rows: {} }]) {
			expect(refused({ areas: wrong })).toEqual({ areas: 'The area list could not be read.' });
		}
	});

	it("refuses a row name over the limit, at the row's name", () => {
		expect(ROW_NAME_MAX).toBe(80);
		expect(accepted(withRows([presets[0], { name: 'n'.repeat(80), answers: {} }]))).toEqual(
			withRows([presets[0], { name: 'n'.repeat(80), answers: {} }])
		);
		expect(refused(withRows([presets[0], { name: 'n'.repeat(81), answers: {} }]))).toEqual({
			'areas.1.name': 'Keep the name to 80 characters.'
		});
	});

	it('refuses two rows with the same name, whatever the case', () => {
		expect(refused(withRows([...presets, { name: ' trust ', answers: {} }]))).toEqual({
			'areas.2.name': 'Another area is already called “trust”.'
		});
	});

	it('refuses more rows than the group allows', () => {
		const rows = (count: number) =>
			Array.from({ length: count }, (_, index) => ({ name: `Area ${index}`, answers: {} }));
		expect(accepted(withRows(rows(4)))).toEqual(withRows(rows(4)));
		expect(refused(withRows(rows(5)))).toEqual({ areas: 'Keep the list to 4 areas or fewer.' });
	});

	it('allows 20 rows unless the template says otherwise', () => {
		expect(DEFAULT_MAX_ROWS).toBe(20);
		const open: WorksheetTemplate = {
			...everyKind,
			fields: [{ ...everyKind.fields[6]!, maxRows: undefined } as Field]
		};
		const rows = (count: number) =>
			Array.from({ length: count }, (_, index) => ({ name: `Area ${index}`, answers: {} }));
		expect(accepted(withRows(rows(20)), 'draft', open)).toEqual(withRows(rows(20)));
		expect(refused(withRows(rows(21)), 'draft', open)).toEqual({
			areas: 'Keep the list to 20 areas or fewer.'
		});
	});

	it('keeps an emptied list in a draft, so the preset rows do not come back', () => {
		expect(accepted(withRows([]))).toEqual(withRows([]));
	});

	it('keeps unnamed rows in a draft, with or without answers', () => {
		const rows = [
			{ name: '', answers: {} },
			{ name: '  ', answers: { needs: 'Time' } }
		];
		expect(accepted(withRows(rows))).toEqual(
			withRows([
				{ name: '', answers: {} },
				{ name: '', answers: { needs: 'Time' } }
			])
		);
	});
});

describe('validateAnswers: draft and submit', () => {
	it('accepts a partial draft', () => {
		expect(accepted({ story: 'Begun' })).toEqual({ story: 'Begun' });
		expect(accepted(withRows([{ name: 'Trust', answers: { needs: 'Honesty' } }]))).toEqual(
			withRows([{ name: 'Trust', answers: { needs: 'Honesty' } }])
		);
	});

	it('requires every required question on submitting', () => {
		expect(refused({}, 'submit')).toEqual({
			title: REQUIRED,
			rating: REQUIRED,
			areas: 'Add at least one area before submitting.'
		});
		expect(
			refused(
				{ title: '   ', rating: 2, ...withRows([{ name: 'Trust', answers: { serious: 3 } }]) },
				'submit'
			)
		).toEqual({ title: REQUIRED });
	});

	it('gives a wrong answer to a required question its own message, not the required one', () => {
		expect(
			refused(
				{
					...answeredOutsideGroup,
					rating: 9,
					...withRows([{ name: 'Trust', answers: { serious: 3 } }])
				},
				'submit'
			)
		).toEqual({
			rating: 'Choose a point from 1 to 5.'
		});
	});

	it('requires at least one row in a required group', () => {
		expect(refused({ ...answeredOutsideGroup, ...withRows([]) }, 'submit')).toEqual({
			areas: 'Add at least one area before submitting.'
		});
	});

	it('drops untouched preset rows and empty unnamed rows on submitting, without problems', () => {
		const rows = [
			{ name: 'Trust', answers: {} },
			{ name: 'Money', answers: { serious: 6 } },
			{ name: '', answers: {} },
			{ name: ' ', answers: { needs: '  ' } }
		];
		expect(accepted({ ...answeredOutsideGroup, ...withRows(rows) }, 'submit')).toEqual({
			...answeredOutsideGroup,
			...withRows([{ name: 'Money', answers: { serious: 6 } }])
		});
	});

	it('counts a required group left with only untouched rows as unanswered', () => {
		expect(refused({ ...answeredOutsideGroup, ...withRows(presets) }, 'submit')).toEqual({
			areas: 'Add at least one area before submitting.'
		});
	});

	it('asks for a name for a row with answers and none', () => {
		const rows = [presets[0], { name: '', answers: { serious: 2 } }];
		expect(refused({ ...answeredOutsideGroup, ...withRows(rows) }, 'submit')).toEqual({
			'areas.1.name': 'Give this area a name.'
		});
	});

	it('requires the required fields of a kept row, preset or named', () => {
		const rows = [
			{ name: 'Trust', answers: { needs: 'Honesty' } },
			{ name: 'Money', answers: {} },
			{ name: 'Sex', answers: {} }
		];
		expect(refused({ ...answeredOutsideGroup, ...withRows(rows) }, 'submit')).toEqual({
			'areas.0.serious': REQUIRED,
			'areas.2.serious': REQUIRED
		});
	});

	it('does not drop a row whose only answer was refused', () => {
		expect(
			refused(
				{ ...answeredOutsideGroup, ...withRows([{ name: 'Trust', answers: { serious: 'high' } }]) },
				'submit'
			)
		).toEqual({
			'areas.0.serious': 'Choose a point on the scale.'
		});
	});

	it('accepts a complete submission, normalised', () => {
		const input = {
			title: 'Mine',
			story: '',
			rating: 4,
			mood: 'calm',
			habits: { selected: ['talks', 'meals'] },
			areas: {
				rows: [
					{ name: 'Trust', answers: { serious: 8, needs: 'Honesty', tags: { selected: ['new'] } } }
				]
			}
		};
		expect(accepted(input, 'submit')).toEqual({
			...input,
			story: undefined,
			habits: { selected: ['meals', 'talks'] }
		});
		expect(Object.keys(accepted(input, 'submit'))).not.toContain('story');
	});
});

// ---------------------------------------------------------------------------
// Properties

/** Anything a browser could send: JSON values, and a few shapes close to answers. */
function anyInput(template: WorksheetTemplate): fc.Arbitrary<unknown> {
	const keys = template.fields.flatMap((field) =>
		field.kind === 'repeating-group'
			? [field.key, ...field.fields.map((inner) => inner.key)]
			: [field.key]
	);
	const values = template.fields.flatMap((field) =>
		field.kind === 'single-choice' || field.kind === 'multiple-choice'
			? field.options.map((option) => option.value)
			: []
	);
	const key = fc.oneof(
		fc.constantFrom(...keys, 'bogus', 'constructor', '', 'rows', 'selected', 'other', 'name'),
		fc.string({ maxLength: 6 })
	);
	const leaf = fc.oneof(
		fc.constantFrom<unknown>(
			...values,
			'',
			' ',
			'\u0000',
			null,
			0,
			1,
			10,
			-1,
			2.5,
			true,
			'x'.repeat(600)
		),
		fc.string({ maxLength: 8 }),
		fc.integer({ min: -3, max: 25 }),
		fc.jsonValue({ maxDepth: 2 })
	);
	const { shaped } = fc.letrec<{ shaped: unknown; row: unknown }>((tie) => ({
		shaped: fc.oneof(
			{ depthSize: 'small', withCrossShrink: true },
			leaf,
			fc.record(
				{
					selected: fc.array(fc.oneof(fc.constantFrom(...values, 'none'), leaf), { maxLength: 4 }),
					other: fc.option(leaf)
				},
				{ requiredKeys: ['selected'] }
			),
			fc.record({ rows: fc.array(tie('row'), { maxLength: 4 }) }),
			fc.dictionary(key, tie('shaped'), { maxKeys: 4 })
		),
		row: fc.oneof(
			fc.record({
				name: fc.oneof(
					fc.constantFrom('Trust', 'trust ', '', ' ', 'Communication'),
					fc.string({ maxLength: 6 })
				),
				answers: fc.dictionary(key, tie('shaped'), { maxKeys: 4 })
			}),
			tie('shaped')
		)
	}));
	return fc.oneof(
		fc.anything(),
		fc.jsonValue(),
		fc.dictionary(key, shaped, { maxKeys: 6 }),
		fc.object()
	);
}

/** Whitespace, NULs and text, so that normalising has something to do. */
const roughText = (maxLength: number) =>
	fc.string({
		maxLength,
		unit: fc.oneof(
			fc.constantFrom(' ', '\n', '\t', '\u0000', '😀', 'é'),
			fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })
		)
	});

function normalText(text: string): string | undefined {
	const withoutNuls = text.replaceAll('\u0000', '');
	return withoutNuls.trim() === '' ? undefined : withoutNuls;
}

/** A valid answer as sent, and as the validator should give it back (undefined: left out). */
interface Case {
	sent: unknown;
	expected: unknown;
}

function simpleCase(field: SimpleField): fc.Arbitrary<Case> {
	switch (field.kind) {
		case 'short-text':
		case 'long-text':
			return roughText(Math.min(field.maxLength ?? 40, 40)).map((text) => ({
				sent: text,
				expected: normalText(text)
			}));
		case 'scale':
			return fc.oneof(
				fc
					.integer({ min: field.min, max: field.max })
					.map((point) => ({ sent: point, expected: point })),
				fc.constant({ sent: null, expected: undefined })
			);
		case 'single-choice':
			return fc.oneof(
				fc
					.constantFrom(...field.options.map((option) => option.value))
					.map((value) => ({ sent: value, expected: value })),
				fc.constant({ sent: '', expected: undefined })
			);
		case 'multiple-choice': {
			const values = field.options.map((option) => option.value);
			const limit = field.maxSelected ?? values.length + 1;
			return fc
				.shuffledSubarray(values, { maxLength: Math.min(limit, values.length) })
				.chain((selected) =>
					fc.record({
						selected: fc.constant(selected),
						other:
							field.other && selected.length < limit
								? fc.option(roughText(30), { nil: undefined })
								: fc.constant(undefined)
					})
				)
				.map(({ selected, other }): Case => {
					const otherText = other === undefined ? undefined : normalText(other);
					const ordered = values.filter((value) => selected.includes(value));
					const expected =
						ordered.length === 0 && otherText === undefined
							? undefined
							: otherText === undefined
								? { selected: ordered }
								: { selected: ordered, other: otherText };
					return { sent: other === undefined ? { selected } : { selected, other }, expected };
				});
		}
	}
}

/** Some of the fields, each a valid answer: a record of cases, keyed by field. */
function casesFor(fields: readonly SimpleField[]): fc.Arbitrary<Partial<Record<string, Case>>> {
	return fc.record(Object.fromEntries(fields.map((field) => [field.key, simpleCase(field)])), {
		requiredKeys: []
	});
}

function split(cases: Partial<Record<string, Case>>): {
	sent: Record<string, unknown>;
	expected: Record<string, unknown>;
} {
	const sent: Record<string, unknown> = {};
	const expected: Record<string, unknown> = {};
	for (const [key, one] of Object.entries(cases)) {
		if (one === undefined) continue;
		sent[key] = one.sent;
		if (one.expected !== undefined) expected[key] = one.expected;
	}
	return { sent, expected };
}

function validDraft(
	template: WorksheetTemplate
): fc.Arbitrary<{ sent: Record<string, unknown>; expected: Record<string, unknown> }> {
	const entries = template.fields.map((field): [string, fc.Arbitrary<Case>] => {
		if (field.kind !== 'repeating-group') return [field.key, simpleCase(field)];
		const name = fc.oneof(fc.constantFrom(...(field.presetRows ?? []), ''), roughText(20));
		const row = fc.record({ name, cases: casesFor(field.fields) });
		const rows = fc.uniqueArray(row, {
			maxLength: Math.min(field.maxRows ?? DEFAULT_MAX_ROWS, 6),
			selector: (candidate) => candidate.name.replaceAll('\u0000', '').trim().toLowerCase()
		});
		return [
			field.key,
			rows.map((list): Case => {
				const built = list.map(({ name: rowName, cases }) => ({ rowName, ...split(cases) }));
				return {
					sent: { rows: built.map(({ rowName, sent }) => ({ name: rowName, answers: sent })) },
					expected: {
						rows: built.map(({ rowName, expected }) => ({
							name: rowName.replaceAll('\u0000', '').trim(),
							answers: expected
						}))
					}
				};
			})
		];
	});
	return fc.record(Object.fromEntries(entries), { requiredKeys: [] }).map(split);
}

const templatesUnderTest = [...BUILTIN_TEMPLATES, everyKind];

describe('validateAnswers, for any input', () => {
	for (const template of templatesUnderTest) {
		it(`never throws, and what it accepts validates again to itself (${template.id})`, () => {
			fc.assert(
				fc.property(
					anyInput(template),
					fc.constantFrom<ValidationMode>('draft', 'submit'),
					(input, mode) => {
						const result = validateAnswers(template, input, mode);
						if (result.ok) {
							expect(validateAnswers(template, result.answers, mode)).toEqual(result);
							expect(validateAnswers(template, structuredClone(result.answers), mode)).toEqual(
								result
							);
						} else {
							const entries = Object.entries(result.problems);
							expect(entries.length).toBeGreaterThan(0);
							for (const [key, message] of entries) {
								expect(typeof key).toBe('string');
								expect(key).not.toBe('');
								expect(typeof message).toBe('string');
								expect(message).not.toBe('');
							}
						}
					}
				),
				{ numRuns: 150 }
			);
		});
	}
});

describe('validateAnswers, for any valid draft', () => {
	for (const template of templatesUnderTest) {
		it(`accepts it, normalised and otherwise unchanged (${template.id})`, () => {
			fc.assert(
				fc.property(validDraft(template), ({ sent, expected }) => {
					const result = validateAnswers(template, sent, 'draft');
					expect(result).toEqual({ ok: true, answers: expected });
					if (result.ok)
						expect(Object.keys(result.answers).sort()).toEqual(Object.keys(expected).sort());
				}),
				{ numRuns: 100 }
			);
		});
	}
});
