import type {
	Audience,
	ChoiceOption,
	ConcernRule,
	Field,
	Scoring,
	SimpleField,
	WorksheetTemplate
} from '../template';
import { optionValue } from '../builder/read-draft';
import { templateProblemsAt } from '../check-template';
import { EXTENSION, HL7_EXTENSION, ROW_NAME, helpLinkId, rowLinkId } from './questionnaire';

// A FHIR R4 Questionnaire read back as a worksheet template: one this app
// wrote (questionnaire.ts), which comes back exactly, and simple ones from
// elsewhere (string, text, integer, choice and group items). Anything it
// cannot take is reported with where it is (`item[2] “mood”`), and nothing
// is made of a Questionnaire with a problem.

export type Imported = { template: WorksheetTemplate } | { problems: string[] };

const KEY_SHAPE = /^[a-z][a-zA-Z0-9-]{0,62}$/;
const MAX_ITEMS = 200;

type Json = Record<string, unknown>;

export function templateFromQuestionnaire(resource: unknown, id: string): Imported {
	const problems: string[] = [];
	if (!isObject(resource) || resource['resourceType'] !== 'Questionnaire') {
		const kind = isObject(resource) ? resource['resourceType'] : undefined;
		return {
			problems: [
				typeof kind === 'string'
					? `This is a FHIR ${kind}, not a Questionnaire.`
					: 'This is not a FHIR Questionnaire: it has no "resourceType": "Questionnaire".'
			]
		};
	}
	const items = resource['item'];
	if (!Array.isArray(items) || items.length === 0)
		return { problems: ['The Questionnaire has no items ("item" is missing or empty).'] };

	const reader = new ItemReader(problems);
	const fields = reader.fields(items, 'item', new Set());
	const extensions = extensionsOf(resource, 'the Questionnaire', problems);
	const title = text(resource['title']) ?? text(resource['name']) ?? 'Imported questionnaire';
	const template: WorksheetTemplate = {
		id,
		title,
		intro: text(resource['description']) ?? '',
		step: wholeNumber(extensions.get(EXTENSION.step)?.['valueInteger']) ?? null,
		minutes: wholeNumber(extensions.get(EXTENSION.minutes)?.['valueInteger']) ?? 10,
		fields
	};
	const scoring = jsonExtension<Scoring>(extensions, EXTENSION.scoring, problems);
	if (scoring) template.scoring = scoring;
	const rules = jsonExtension<ConcernRule[]>(extensions, EXTENSION.concernRules, problems);
	if (rules) template.concernRules = rules;
	const skipped = extensions.get(EXTENSION.skippedMeans)?.['valueCode'];
	if (skipped === 'urgent' || skipped === 'watch' || skipped === 'needs-reading')
		template.skippedMeans = skipped;
	if (extensions.get(EXTENSION.helpAfterConcern)?.['valueCode'] === 'crisis-help')
		template.helpAfterConcern = 'crisis-help';
	const note = text(extensions.get(EXTENSION.therapistNote)?.['valueString']);
	if (note) template.therapistNote = note;
	if (extensions.get(EXTENSION.privacy)?.['valueCode'] === 'private') template.privacy = 'private';
	const credit = text(resource['copyright']);
	if (credit) template.credit = credit;

	if (problems.length > 0) return { problems };
	const checked = templateProblemsAt(template).map(({ at, message }) =>
		at && reader.placeOf.has(at) ? `${reader.placeOf.get(at)}: ${message}` : message
	);
	return checked.length > 0 ? { problems: checked } : { template };
}

class ItemReader {
	/** Where each field came from, by key path, to say where a template problem lies. */
	placeOf = new Map<string, string>();
	private count = 0;
	constructor(private readonly problems: string[]) {}

	fields(items: unknown[], where: string, taken: Set<string>, group?: string): Field[] {
		const fields: Field[] = [];
		items.forEach((item, index) => {
			const place = `${where}[${index}]`;
			if (++this.count > MAX_ITEMS) {
				if (this.count === MAX_ITEMS + 1)
					this.problems.push(`There are more than ${MAX_ITEMS} items: a worksheet is smaller.`);
				return;
			}
			if (!isObject(item)) {
				this.problems.push(`${place} is not an item.`);
				return;
			}
			const linkId = text(item['linkId']);
			const named = linkId ? `${place} “${linkId}”` : place;
			if (!linkId) {
				this.problems.push(`${place} has no linkId.`);
				return;
			}
			const type = item['type'];
			if (type === 'display') return; // words to read, not a question: our help is read with its question
			// A group that does not repeat only gathers questions: they are asked at the top level.
			if (type === 'group' && item['repeats'] !== true && !group) {
				const inner = item['item'];
				if (!Array.isArray(inner) || inner.length === 0)
					this.problems.push(`${named} is a group with no items.`);
				else fields.push(...this.fields(inner, `${named} item`, taken));
				return;
			}
			const key = keyFor(linkId, group, taken);
			const field = this.field(item, type, key, named, group);
			if (field) {
				this.placeOf.set(group ? `${group}.${key}` : key, named);
				fields.push(field);
			}
		});
		return fields;
	}

	private field(
		item: Json,
		type: unknown,
		key: string,
		named: string,
		group: string | undefined
	): Field | null {
		const extensions = extensionsOf(item, named, this.problems);
		const children = Array.isArray(item['item']) ? (item['item'] as unknown[]) : [];
		const help = children.find(
			(child) =>
				isObject(child) &&
				child['type'] === 'display' &&
				(child['linkId'] === helpLinkId(text(item['linkId'])!) || children.length === 1)
		) as Json | undefined;
		const base = {
			key,
			label: text(item['text']) ?? text(item['linkId'])!,
			...(help && text(help['text']) ? { help: text(help['text'])! } : {}),
			...(item['required'] === true ? { required: true } : {})
		};
		const audience = extensions.get(EXTENSION.audience)?.['valueCode'];
		const withAudience: { audience?: Audience } =
			!group && (audience === 'confidential' || audience === 'shared') ? { audience } : {};

		switch (type) {
			case 'string':
			case 'text': {
				const maxLength = wholeNumber(item['maxLength']);
				return {
					...base,
					kind: type === 'string' ? ('short-text' as const) : ('long-text' as const),
					...(maxLength !== undefined ? { maxLength } : {}),
					...withAudience
				};
			}
			case 'integer': {
				const min = wholeNumber(extensions.get(HL7_EXTENSION.minValue)?.['valueInteger']) ?? 0;
				const max = wholeNumber(extensions.get(HL7_EXTENSION.maxValue)?.['valueInteger']) ?? 10;
				const middle = text(extensions.get(EXTENSION.middleLabel)?.['valueString']);
				return {
					...base,
					kind: 'scale',
					min,
					max,
					minLabel: text(extensions.get(EXTENSION.minLabel)?.['valueString']) ?? String(min),
					maxLabel: text(extensions.get(EXTENSION.maxLabel)?.['valueString']) ?? String(max),
					...(middle ? { middleLabel: middle } : {}),
					...withAudience
				};
			}
			case 'choice':
			case 'open-choice': {
				const options = this.options(item['answerOption'], named);
				if (!options) return null;
				const other =
					type === 'open-choice'
						? (text(extensions.get(EXTENSION.otherLabel)?.['valueString']) ?? 'Other')
						: null;
				const maxSelected = wholeNumber(extensions.get(EXTENSION.maxSelected)?.['valueInteger']);
				if (item['repeats'] === true || other)
					return {
						...base,
						kind: 'multiple-choice',
						options,
						...(other ? { other: { label: other } } : {}),
						...(maxSelected !== undefined ? { maxSelected } : {}),
						...withAudience
					};
				return { ...base, kind: 'single-choice', options, ...withAudience };
			}
			case 'group': {
				if (group) {
					this.problems.push(
						`${named} is a group inside a repeating group, which a worksheet cannot ask.`
					);
					return null;
				}
				const linkId = text(item['linkId'])!;
				const nameItem = children.find(
					(child) => isObject(child) && child['linkId'] === rowLinkId(linkId, ROW_NAME)
				) as Json | undefined;
				const questions = children.filter(
					(child) => child !== nameItem && !(isObject(child) && child['type'] === 'display')
				);
				if (questions.length === 0) {
					this.problems.push(`${named} is a group with no questions.`);
					return null;
				}
				const inner = this.fields(questions, `${named} item`, new Set(), key) as SimpleField[];
				const presetRows = [...extensions.all(EXTENSION.presetRow)]
					.map((extension) => text(extension['valueString']))
					.filter((row): row is string => row !== null);
				const maxRows = wholeNumber(extensions.get(HL7_EXTENSION.maxOccurs)?.['valueInteger']);
				return {
					...base,
					kind: 'repeating-group',
					itemName: text(extensions.get(EXTENSION.itemName)?.['valueString']) ?? 'item',
					nameLabel: (nameItem && text(nameItem['text'])) ?? 'Name',
					...(presetRows.length > 0 ? { presetRows } : {}),
					...(maxRows !== undefined ? { maxRows } : {}),
					fields: inner,
					...withAudience
				};
			}
			default:
				this.problems.push(
					`${named} is of type “${String(type)}”, which a worksheet cannot ask: use string, text, integer, choice or group.`
				);
				return null;
		}
	}

	private options(answerOption: unknown, named: string): ChoiceOption[] | null {
		if (!Array.isArray(answerOption) || answerOption.length === 0) {
			this.problems.push(`${named} is a choice with no answerOption.`);
			return null;
		}
		const options: ChoiceOption[] = [];
		for (const [index, option] of answerOption.entries()) {
			const coding =
				isObject(option) && isObject(option['valueCoding']) ? option['valueCoding'] : null;
			const label = coding
				? (text(coding['display']) ?? text(coding['code']))
				: isObject(option)
					? (text(option['valueString']) ??
						(typeof option['valueInteger'] === 'number' ? String(option['valueInteger']) : null))
					: null;
			if (!label) {
				this.problems.push(`${named} answerOption[${index}] has no code, text or number.`);
				continue;
			}
			const value =
				(coding && text(coding['code'])) ||
				optionValue(
					label,
					options.map((known) => known.value)
				);
			const score = isObject(option)
				? extensionsOf(option, named, this.problems).get(HL7_EXTENSION.ordinalValue)?.[
						'valueDecimal'
					]
				: undefined;
			options.push({ value, label, ...(typeof score === 'number' ? { score } : {}) });
		}
		return options;
	}
}

/** A linkId as a field key: ours already are; others ("1.2", "Mood") are made into one. */
function keyFor(linkId: string, group: string | undefined, taken: Set<string>): string {
	const inGroup = group ? linkId.replace(new RegExp(`^${escape(group)}\\.`), '') : linkId;
	let key = KEY_SHAPE.test(inGroup)
		? inGroup
		: `q-${inGroup.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`.slice(0, 60);
	for (let n = 2; taken.has(key); n++) key = `${key.replace(/-\d+$/, '')}-${n}`;
	taken.add(key);
	return key;
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Extensions {
	get(url: string): Json | undefined;
	all(url: string): Json[];
}

function extensionsOf(element: Json, where: string, problems: string[]): Extensions {
	const list = element['extension'];
	if (list !== undefined && !Array.isArray(list))
		problems.push(`${where} has an "extension" that is not a list.`);
	const extensions = Array.isArray(list) ? list.filter(isObject) : [];
	return {
		get: (url) => extensions.find((extension) => extension['url'] === url),
		all: (url) => extensions.filter((extension) => extension['url'] === url)
	};
}

function jsonExtension<T>(extensions: Extensions, url: string, problems: string[]): T | undefined {
	const value = extensions.get(url)?.['valueString'];
	if (typeof value !== 'string') return undefined;
	try {
		return JSON.parse(value) as T;
	} catch {
		problems.push(`The extension ${url} is not readable.`);
		return undefined;
	}
}

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function wholeNumber(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}
