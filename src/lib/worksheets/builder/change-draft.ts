import type { Field, FieldKind, SimpleField, WorksheetTemplate } from '../template';
import { FIELD_KINDS } from './read-draft';
import { BUILDER_LIMITS } from './limits';
import { fieldAt } from './draft-names';

// What the builder's buttons do to a draft: add a field (at the end, or to a
// group's rows), remove one, move one up or down. The server does it, so it
// works without JavaScript; the page only sends the button pressed.

export type DraftChange =
	| { kind: 'add'; fieldKind: FieldKind; group?: string }
	| { kind: 'remove' | 'up' | 'down'; path: string }
	/** Dragged and dropped: straight to another place among its siblings. */
	| { kind: 'to'; path: string; index: number };

const PATH = /^[a-z][a-zA-Z0-9-]{0,62}(\.[a-z][a-zA-Z0-9-]{0,62})?$/;

/** The change a pressed button names, or null for anything else (such as "save"). */
export function parseDraftChange(value: unknown): DraftChange | null {
	if (typeof value !== 'string') return null;
	const [verb, ...rest] = value.split(':');
	if (verb === 'add') {
		const fieldKind = rest.at(-1) as FieldKind;
		const group = rest.length === 2 ? rest[0] : undefined;
		if (!FIELD_KINDS.includes(fieldKind) || rest.length > 2) return null;
		if (group !== undefined && (!PATH.test(group) || fieldKind === 'repeating-group')) return null;
		return { kind: 'add', fieldKind, ...(group ? { group } : {}) };
	}
	if (verb === 'to' && rest.length === 2 && /^\d{1,3}$/.test(rest[1]!)) {
		return PATH.test(rest[0]!) ? { kind: 'to', path: rest[0]!, index: Number(rest[1]) } : null;
	}
	if ((verb === 'remove' || verb === 'up' || verb === 'down') && rest.length === 1) {
		return PATH.test(rest[0]!) ? { kind: verb, path: rest[0]! } : null;
	}
	return null;
}

/** The draft with the change made, or a sentence saying why it cannot be. */
export function changeDraft(
	template: WorksheetTemplate,
	change: DraftChange
): { template: WorksheetTemplate; focus: string } | { problem: string } {
	const draft = structuredClone(template);
	if (change.kind === 'add') {
		if (change.group === undefined) {
			if (draft.fields.length >= BUILDER_LIMITS.fields)
				return { problem: `A worksheet has at most ${BUILDER_LIMITS.fields} fields.` };
			const field = newField(change.fieldKind, freeKey(draft.fields));
			draft.fields.push(field);
			return { template: draft, focus: field.key };
		}
		const group = draft.fields.find((field) => field.key === change.group);
		if (group?.kind !== 'repeating-group') return { problem: 'That group is no longer there.' };
		if (group.fields.length >= BUILDER_LIMITS.fieldsInGroup)
			return { problem: `A group has at most ${BUILDER_LIMITS.fieldsInGroup} fields.` };
		const field = newField(change.fieldKind, freeKey(group.fields)) as SimpleField;
		group.fields.push(field);
		return { template: draft, focus: `${group.key}.${field.key}` };
	}

	const found = fieldAt(draft, change.path);
	if (!found) return { problem: 'That field is no longer there.' };
	const { siblings, field } = found;
	const index = siblings.indexOf(field);
	if (change.kind === 'remove') {
		siblings.splice(index, 1);
		if (!change.path.includes('.')) forgetField(draft, field.key);
		return { template: draft, focus: 'fields' };
	}
	const to = change.kind === 'to' ? change.index : change.kind === 'up' ? index - 1 : index + 1;
	if (to >= 0 && to < siblings.length) {
		siblings.splice(index, 1);
		siblings.splice(to, 0, field);
	}
	return { template: draft, focus: change.path };
}

/** A removed field takes its score and its flags with it. */
function forgetField(template: WorksheetTemplate, key: string): void {
	if (template.scoring)
		template.scoring.items = template.scoring.items.filter((item) => item.key !== key);
	if (template.concernRules) {
		template.concernRules = template.concernRules.filter((rule) => rule.field !== key);
		if (template.concernRules.length === 0) delete template.concernRules;
	}
}

/** The next unused `q1`, `q2`… : a key never shown, and never changed once saved. */
function freeKey(fields: ReadonlyArray<{ key: string }>): string {
	const taken = new Set(fields.map((field) => field.key));
	let n = fields.length + 1;
	while (taken.has(`q${n}`)) n++;
	return `q${n}`;
}

export function newField(kind: FieldKind, key: string): Field {
	const base = { key, label: '' };
	switch (kind) {
		case 'short-text':
		case 'long-text':
			return { ...base, kind };
		case 'scale':
			return { ...base, kind, min: 0, max: 10, minLabel: '', maxLabel: '' };
		case 'single-choice':
		case 'multiple-choice':
			return { ...base, kind, options: [] };
		case 'repeating-group':
			return {
				...base,
				kind,
				itemName: 'item',
				nameLabel: 'Name',
				fields: [{ key: 'q1', label: '', kind: 'long-text' }]
			};
	}
}

export const KIND_NAMES: Record<FieldKind, string> = {
	'short-text': 'Short text',
	'long-text': 'Long text',
	scale: 'Scale',
	'single-choice': 'Single choice',
	'multiple-choice': 'Multiple choice',
	'repeating-group': 'Repeating group'
};
