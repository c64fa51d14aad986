import { isGroupAnswer, type Answers } from './answers';
import { describeAnswer } from './describe-answer';
import type { WorksheetTemplate } from './template';

// A response as questions and answers in words, in the template's order:
// what an exported copy or a printed record shows. Only the fields of the
// template given are read, so a template already cut down to what a reader
// may see (worksheets/audience.ts) yields only that. Unanswered questions
// are left out.

export interface ReadableAnswer {
	question: string;
	/** A list when several choices were picked. */
	answer: string | string[];
}

export interface ReadableGroup {
	question: string;
	rows: Array<{ name: string; answers: ReadableAnswer[] }>;
}

export type ReadableItem = ReadableAnswer | ReadableGroup;

export function isReadableGroup(item: ReadableItem): item is ReadableGroup {
	return 'rows' in item;
}

export function readableAnswers(template: WorksheetTemplate, answers: Answers): ReadableItem[] {
	const items: ReadableItem[] = [];
	for (const field of template.fields) {
		const answer = answers[field.key];
		if (answer === undefined) continue;
		if (field.kind === 'repeating-group') {
			if (!isGroupAnswer(answer) || answer.rows.length === 0) continue;
			items.push({
				question: field.label,
				rows: answer.rows.map((row) => ({
					name: row.name,
					answers: field.fields.flatMap((inner) => {
						const described = describeAnswer(inner, row.answers[inner.key]);
						return described === null ? [] : [{ question: inner.label, answer: described }];
					})
				}))
			});
			continue;
		}
		if (isGroupAnswer(answer)) continue;
		const described = describeAnswer(field, answer);
		if (described !== null) items.push({ question: field.label, answer: described });
	}
	return items;
}
