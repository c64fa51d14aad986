import { isOwnTemplateId } from './own-template-id';

// A worksheet template is data: one renderer shows any template and one
// validator checks any set of answers against it. Built-in templates are
// written in this shape in ./builtin/, and therapists' own templates will be
// stored in the same shape.

/**
 * Who may read a field's answer.
 * - `therapist` (the default): the therapist; the other partner only if the
 *   author shares the worksheet with them on submitting.
 * - `confidential`: the therapist alone, always. It can never be shared.
 * - `shared`: meant for both partners; shared unless the author says otherwise.
 */
export type Audience = 'therapist' | 'confidential' | 'shared';

interface FieldBase {
	/** Stable identifier of the answer: never renamed once a template is in use. */
	key: string;
	label: string;
	/** A line under the label: what to think about, an example. */
	help?: string;
	required?: boolean;
}

/** Fields that can stand alone or sit inside a repeating group's rows. */
export type SimpleField =
	ShortTextField | LongTextField | ScaleField | SingleChoiceField | MultipleChoiceField;

export interface ShortTextField extends FieldBase {
	kind: 'short-text';
	/** At most this many characters; 500 unless the template says otherwise. */
	maxLength?: number;
}

export interface LongTextField extends FieldBase {
	kind: 'long-text';
	/** At most this many characters; 20,000 unless the template says otherwise. */
	maxLength?: number;
}

export interface ScaleField extends FieldBase {
	kind: 'scale';
	min: number;
	max: number;
	minLabel: string;
	maxLabel: string;
	middleLabel?: string;
}

export interface ChoiceOption {
	/** Stored in the answer; stable like a field key. */
	value: string;
	label: string;
	/** Points this option is worth in a scored template. */
	score?: number;
}

export interface SingleChoiceField extends FieldBase {
	kind: 'single-choice';
	options: ChoiceOption[];
}

export interface MultipleChoiceField extends FieldBase {
	kind: 'multiple-choice';
	options: ChoiceOption[];
	/** Offers "other" with a text box of its own, labelled so. */
	other?: { label: string; maxLength?: number };
	/** At most this many may be chosen (e.g. "the three you most want to work on"). */
	maxSelected?: number;
}

/**
 * A list of items, each with its own fields: one row per core issue, per
 * commitment, per goal. Each row has a name ("Trust"); a template may start
 * the list with named rows, and the partner can add and remove rows.
 */
export interface RepeatingGroupField extends FieldBase {
	kind: 'repeating-group';
	/** What one row is called: "area", "commitment". */
	itemName: string;
	/** The label of the row's name box, for rows the partner adds. */
	nameLabel: string;
	/**
	 * Rows the list starts with, by name. A group with preset rows is a list of
	 * topics both partners weigh: the prep page points out a row only one named.
	 */
	presetRows?: string[];
	/** The fields of every row. They take the group's audience. */
	fields: SimpleField[];
	/** At most this many rows; 20 unless the template says otherwise. */
	maxRows?: number;
}

export type Field = (SimpleField | RepeatingGroupField) & {
	/** Who may read this answer; `therapist` when absent. */
	audience?: Audience;
};

export type FieldKind = Field['kind'];

/**
 * A total made from item scores: a scale's value, or a chosen option's score.
 * A reverse-scored item counts (min + max − value).
 */
export interface Scoring {
	items: Array<{ key: string; reverse?: boolean }>;
	/** Read from low to high: the first band whose `below` the total is under. */
	bands: Array<{ below: number | null; label: string; concerning?: boolean }>;
	/** A line to draw on a chart, e.g. the distress cut-off. */
	threshold?: { value: number; label: string };
}

/**
 * How soon a concern needs the therapist: `urgent` (act now: the therapist is
 * alerted at once), `watch` (raise it at the next contact), `needs-reading`
 * (a skipped item or words of the partner's own: read before deciding).
 */
export type ConcernTier = 'urgent' | 'watch' | 'needs-reading';

/** Highest first: a response's flag takes the highest tier any rule gives it. */
export const CONCERN_TIERS: readonly ConcernTier[] = ['urgent', 'watch', 'needs-reading'];

/** An answer that is cause for concern: the therapist is flagged, at the rule's tier (`watch` when absent). */
export type ConcernRule = (
	| { field: string; anyOf: string[] }
	| { field: string; atLeast: number }
	| { field: string; answered: true }
) & { tier?: ConcernTier };

export interface WorksheetTemplate {
	/** Stable identifier: "accountability", "core-issues". */
	id: string;
	title: string;
	/** Opening words to the partner: what this worksheet is for and how to approach it. */
	intro: string;
	/** The step of the program it belongs to, or null for check-ins usable at any step. */
	step: number | null;
	/** Roughly how long it takes, so a partner can plan a sitting. */
	minutes: number;
	fields: Field[];
	scoring?: Scoring;
	/** Any rule met marks the response as concerning. */
	concernRules?: ConcernRule[];
	/**
	 * The tier of a handed-in response that leaves a screened item (a field an
	 * `anyOf` or `atLeast` rule reads) unanswered: a skipped question may be the
	 * one that was hardest to answer.
	 */
	skippedMeans?: ConcernTier;
	/**
	 * Which words the partner sees at once when a hand-in raises an urgent or
	 * watch concern: the safety help (the default) or the crisis help.
	 */
	helpAfterConcern?: 'safety-help' | 'crisis-help';
	/** A word to the therapist, shown in the library, never to a partner: how it is read and flagged. */
	therapistNote?: string;
	/**
	 * `private`: the other partner never learns the worksheet exists (the safety check-in).
	 * Every field of a private template must be confidential.
	 */
	privacy?: 'private';
	/** Where the words come from, when they are not the project's own. */
	credit?: string;
}

export const DEFAULT_SHORT_TEXT_MAX = 500;
export const DEFAULT_LONG_TEXT_MAX = 20_000;
export const DEFAULT_MAX_ROWS = 20;
export const ROW_NAME_MAX = 80;
export const OTHER_TEXT_MAX = 200;

export function audienceOf(field: Field): Audience {
	return field.audience ?? 'therapist';
}

/**
 * A check-in: a built-in questionnaire for any step, one that names no step
 * of the program (the library's and the picker's "Check-ins for any step").
 * A therapist's own worksheet is never one: without a step it is simply not
 * tied to one, and the library and the picker list it among their own.
 */
export function isCheckIn(template: Pick<WorksheetTemplate, 'id' | 'step'>): boolean {
	return template.step === null && !isOwnTemplateId(template.id);
}
