import {
	CONCERN_TIERS,
	type Audience,
	type ChoiceOption,
	type ConcernRule,
	type ConcernTier,
	type Field,
	type FieldKind,
	type Scoring,
	type SimpleField,
	type WorksheetTemplate
} from '../template';
import { BUILDER_LIMITS as LIMITS } from './limits';
import { inputName, slot } from './draft-names';

// Reads the builder's form back into a draft template. Everything typed is
// kept: words as they are, and a number that is not yet valid as typed (in
// `typed`) with a message beside its input (in `problems`). Whether the
// draft is a well-formed template is the template checker's business
// (check-template.ts), not this file's.

export const FIELD_KINDS: readonly FieldKind[] = [
	'short-text',
	'long-text',
	'scale',
	'single-choice',
	'multiple-choice',
	'repeating-group'
];
const AUDIENCES: readonly Audience[] = ['therapist', 'confidential', 'shared'];

/** A point on a score's range (a band's edge, the line on its chart): halves such as 13.5 allowed. */
const SCORE_POINT = { min: -100_000, max: 100_000, decimals: true };

/** Blank rows the form offers after a list's own, so options and bands can be added without JavaScript. */
export const BLANK_ROWS = 2;

export interface Draft {
	template: WorksheetTemplate;
	/** What was typed into a number box that is not a valid number yet, by slot, to show again. */
	typed: Record<string, string>;
	/** A message per slot (`title`, `feelings.label`, `band.1.below`), shown beside its input. */
	problems: Record<string, string>;
}

export type DraftReading = Draft | { refused: string };

type Read = (name: string) => string | null;

export function readDraft(id: string, read: Read): DraftReading {
	const reader = new DraftReader(read);
	try {
		return { template: reader.template(id), typed: reader.typed, problems: reader.problems };
	} catch (problem) {
		if (problem instanceof RefusedForm) return { refused: problem.message };
		throw problem;
	}
}

/** A form no page of ours would send (a field of no kind we know): refused whole, with 400. */
class RefusedForm extends Error {}

class DraftReader {
	typed: Record<string, string> = {};
	problems: Record<string, string> = {};
	constructor(private readonly read: Read) {}

	template(id: string): WorksheetTemplate {
		const title = this.text('title', 'title', LIMITS.title);
		const intro = this.text('intro', 'intro', LIMITS.intro, { multiline: true });
		const minutes =
			this.wholeNumber('minutes', 'minutes', LIMITS.minutes, 'Say roughly how many minutes.') ?? 10;
		const stepText = this.read('step') ?? '';
		const step = /^(10|[1-9])$/.test(stepText) ? Number(stepText) : null;

		const fields: Field[] = [];
		for (let index = 0; this.read(inputName([index], 'kind')) !== null; index++) {
			if (index === LIMITS.fields) {
				this.problems['fields'] = `A worksheet has at most ${LIMITS.fields} fields.`;
				break;
			}
			fields.push(this.field([index], undefined));
		}

		const template: WorksheetTemplate = { id, title, intro, step, minutes, fields };
		const scoring = this.scoring(fields);
		if (scoring) template.scoring = scoring;
		const rules = this.concernRules(fields);
		if (rules.length > 0) template.concernRules = rules;
		const skipped = this.read('skippedMeans');
		if (isTier(skipped)) template.skippedMeans = skipped;
		if (this.read('helpAfterConcern') === 'crisis-help') template.helpAfterConcern = 'crisis-help';
		const note = this.text('therapistNote', 'therapistNote', LIMITS.note, { multiline: true });
		if (note) template.therapistNote = note;
		if (this.read('privacy') === 'private') template.privacy = 'private';
		const credit = this.text('credit', 'credit', LIMITS.credit, { multiline: true });
		if (credit) template.credit = credit;
		return template;
	}

	private field(place: number[], group: string | undefined): Field {
		const kind = this.read(inputName(place, 'kind')) as FieldKind;
		if (!FIELD_KINDS.includes(kind) || (group && kind === 'repeating-group'))
			throw new RefusedForm('A field of an unknown kind was sent.');
		const key = (this.read(inputName(place, 'key')) ?? '').trim();
		const path = group ? `${group}.${key}` : key;
		const name = (property: string) => inputName(place, property);
		const at = (property: string) => slot(path, property);

		const base = {
			key,
			label: this.text(name('label'), at('label'), LIMITS.label, { multiline: true })
		};
		const help = this.text(name('help'), at('help'), LIMITS.help, { multiline: true });
		const required = this.read(name('required')) === 'on';
		const common = { ...(help ? { help } : {}), ...(required ? { required } : {}) };
		const audienceText = this.read(name('audience')) as Audience;
		const audience =
			!group && AUDIENCES.includes(audienceText) && audienceText !== 'therapist'
				? { audience: audienceText }
				: {};

		if (kind === 'repeating-group') {
			const inner: SimpleField[] = [];
			for (let index = 0; this.read(inputName([...place, index], 'kind')) !== null; index++) {
				if (index === LIMITS.fieldsInGroup) {
					this.problems[at('fields')] = `A group has at most ${LIMITS.fieldsInGroup} fields.`;
					break;
				}
				inner.push(this.field([...place, index], key) as SimpleField);
			}
			const presetRows = this.lines(name('presetRows'), at('presetRows'));
			const maxRows = this.wholeNumber(name('maxRows'), at('maxRows'), LIMITS.maxRows);
			return {
				...base,
				kind,
				...common,
				...audience,
				itemName: this.text(name('itemName'), at('itemName'), LIMITS.scaleLabel),
				nameLabel: this.text(name('nameLabel'), at('nameLabel'), LIMITS.scaleLabel),
				...(presetRows.length > 0 ? { presetRows } : {}),
				...(maxRows !== undefined ? { maxRows } : {}),
				fields: inner
			};
		}
		return { ...this.simpleField(kind, base, name, at), ...common, ...audience };
	}

	private simpleField(
		kind: Exclude<FieldKind, 'repeating-group'>,
		base: { key: string; label: string },
		name: (property: string) => string,
		at: (property: string) => string
	): SimpleField {
		switch (kind) {
			case 'short-text':
			case 'long-text': {
				const maxLength = this.wholeNumber(name('maxLength'), at('maxLength'), LIMITS.textLength);
				return { ...base, kind, ...(maxLength !== undefined ? { maxLength } : {}) };
			}
			case 'scale': {
				const min = this.wholeNumber(
					name('min'),
					at('min'),
					LIMITS.scaleEnd,
					'Give the lowest point.'
				);
				const max = this.wholeNumber(
					name('max'),
					at('max'),
					LIMITS.scaleEnd,
					'Give the highest point.'
				);
				const middleLabel = this.text(name('middleLabel'), at('middleLabel'), LIMITS.scaleLabel);
				return {
					...base,
					kind,
					min: min ?? 0,
					max: max ?? 10,
					minLabel: this.text(name('minLabel'), at('minLabel'), LIMITS.scaleLabel),
					maxLabel: this.text(name('maxLabel'), at('maxLabel'), LIMITS.scaleLabel),
					...(middleLabel ? { middleLabel } : {})
				};
			}
			case 'single-choice':
				return { ...base, kind, options: this.options(name, at) };
			case 'multiple-choice': {
				const options = this.options(name, at);
				const other = this.text(name('other'), at('other'), LIMITS.optionLabel);
				const maxSelected = this.wholeNumber(name('maxSelected'), at('maxSelected'), {
					min: 1,
					max: LIMITS.options
				});
				return {
					...base,
					kind,
					options,
					...(other ? { other: { label: other } } : {}),
					...(maxSelected !== undefined ? { maxSelected } : {})
				};
			}
		}
	}

	private options(name: (property: string) => string, at: (property: string) => string) {
		const options: ChoiceOption[] = [];
		const limit = LIMITS.options + BLANK_ROWS;
		for (let index = 0; index < limit && this.read(name(`o${index}.label`)) !== null; index++) {
			const label = this.text(name(`o${index}.label`), at(`o${index}.label`), LIMITS.optionLabel);
			if (label === '') continue;
			const value =
				(this.read(name(`o${index}.value`)) ?? '').trim() ||
				optionValue(
					label,
					options.map((option) => option.value)
				);
			const score = this.wholeNumber(name(`o${index}.score`), at(`o${index}.score`), LIMITS.score);
			options.push({ value, label, ...(score !== undefined ? { score } : {}) });
		}
		if (options.length > LIMITS.options)
			this.problems[at('options')] = `A field has at most ${LIMITS.options} options.`;
		return options;
	}

	private scoring(fields: readonly Field[]): Scoring | undefined {
		if (this.read('scoring') !== 'on') return undefined;
		const items = fields.flatMap((field, index) =>
			(field.kind === 'scale' || field.kind === 'single-choice') &&
			this.read(inputName([index], 'scored')) === 'on'
				? [
						{
							key: field.key,
							...(this.read(inputName([index], 'reverse')) === 'on' ? { reverse: true } : {})
						}
					]
				: []
		);
		const bands: Scoring['bands'] = [];
		for (let index = 0; index < LIMITS.bands + BLANK_ROWS; index++) {
			const labelName = `band${index}.label`;
			if (this.read(labelName) === null) break;
			const label = this.text(labelName, slot('band', `${index}.label`), LIMITS.bandLabel);
			const belowText = (this.read(`band${index}.below`) ?? '').trim();
			if (label === '' && belowText === '') continue;
			const below =
				belowText === ''
					? null
					: (this.wholeNumber(`band${index}.below`, slot('band', `${index}.below`), SCORE_POINT) ??
						null);
			if (label === '') this.problems[slot('band', `${index}.label`)] = 'Name this band.';
			bands.push({
				below,
				label,
				...(this.read(`band${index}.concerning`) === 'on' ? { concerning: true } : {})
			});
		}
		if (bands.length > LIMITS.bands)
			this.problems['scoring'] = `A score has at most ${LIMITS.bands} bands.`;
		const lineValue = this.wholeNumber('threshold', 'threshold', SCORE_POINT);
		const lineLabel = this.text('thresholdLabel', 'thresholdLabel', LIMITS.bandLabel);
		return {
			items,
			bands,
			...(lineValue !== undefined ? { threshold: { value: lineValue, label: lineLabel } } : {})
		};
	}

	/** A flag per option, per scale and per text box, read from each field's own inputs. */
	private concernRules(fields: readonly Field[]): ConcernRule[] {
		const rules: ConcernRule[] = [];
		fields.forEach((field, index) => {
			const name = (property: string) => inputName([index], property);
			if (field.kind === 'single-choice' || field.kind === 'multiple-choice') {
				const tierOf = new Map<string, ConcernTier>();
				let row = 0;
				for (let at = 0; this.read(name(`o${at}.label`)) !== null; at++) {
					if ((this.read(name(`o${at}.label`)) ?? '').trim() === '') continue;
					const tier = this.read(name(`o${at}.tier`));
					const option = field.options[row++];
					if (option && isTier(tier)) tierOf.set(option.value, tier);
				}
				for (const tier of CONCERN_TIERS) {
					const anyOf = field.options
						.filter((option) => tierOf.get(option.value) === tier)
						.map((option) => option.value);
					if (anyOf.length > 0) rules.push({ field: field.key, anyOf, tier });
				}
			} else if (field.kind === 'scale') {
				const atLeast = this.wholeNumber(
					name('concernAtLeast'),
					slot(field.key, 'concernAtLeast'),
					{
						min: LIMITS.scaleEnd.min,
						max: LIMITS.scaleEnd.max
					}
				);
				const tier = this.read(name('concernTier'));
				if (atLeast !== undefined)
					rules.push({ field: field.key, atLeast, tier: isTier(tier) ? tier : 'watch' });
			} else if (field.kind === 'short-text' || field.kind === 'long-text') {
				const tier = this.read(name('concernAnswered'));
				if (isTier(tier)) rules.push({ field: field.key, answered: true, tier });
			}
		});
		return rules;
	}

	private text(
		name: string,
		at: string,
		max: number,
		options: { multiline?: boolean } = {}
	): string {
		const raw = this.read(name) ?? '';
		const value = options.multiline ? raw.replace(/\r\n?/g, '\n').trim() : raw.trim();
		if ([...value].length > max)
			this.problems[at] =
				`Keep this to ${max.toLocaleString('en')} characters (it has ${[...value].length.toLocaleString('en')}).`;
		return value;
	}

	private lines(name: string, at: string): string[] {
		const lines = (this.read(name) ?? '')
			.split(/\r?\n/)
			.map((line) => line.trim())
			.filter(Boolean);
		if (lines.length > LIMITS.presetRows)
			this.problems[at] = `Start with at most ${LIMITS.presetRows} rows.`;
		else if (lines.some((line) => [...line].length > LIMITS.rowName))
			this.problems[at] = `Keep each row's name to ${LIMITS.rowName} characters.`;
		return lines;
	}

	/** A whole number in range, or undefined when the box is blank (and `missing` is not given) or invalid. */
	private wholeNumber(
		name: string,
		at: string,
		range: { min: number; max: number; decimals?: boolean },
		missing?: string
	): number | undefined {
		const raw = (this.read(name) ?? '').trim();
		if (raw === '') {
			if (missing) this.problems[at] = missing;
			return undefined;
		}
		const shape = range.decimals ? /^[-−]?\d{1,7}(\.\d{1,2})?$/ : /^[-−]?\d{1,7}$/;
		const value = shape.test(raw) ? Number(raw.replace('−', '-')) : NaN;
		if (Number.isFinite(value) && value >= range.min && value <= range.max) return value;
		this.typed[at] = raw;
		this.problems[at] =
			`Use a ${range.decimals ? 'number' : 'whole number'} from ${range.min.toLocaleString('en')} to ${range.max.toLocaleString('en')}.`;
		return undefined;
	}
}

function isTier(value: string | null): value is ConcernTier {
	return (CONCERN_TIERS as readonly string[]).includes(value ?? '');
}

/** A stored value for a new option, from its label: stable once saved, unique in its field. */
export function optionValue(label: string, taken: readonly string[]): string {
	const base =
		label
			.toLowerCase()
			.normalize('NFKD')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 40) || 'option';
	let value = base;
	for (let n = 2; taken.includes(value); n++) value = `${base}-${n}`;
	return value;
}
