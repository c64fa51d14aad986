import { expect, type Page } from '@playwright/test';
import {
	isGroupAnswer,
	isMultipleChoiceAnswer,
	type Answer,
	type Answers
} from '../../src/lib/worksheets/answers';
import { builtinTemplate } from '../../src/lib/worksheets/builtin';
import type { SimpleField } from '../../src/lib/worksheets/template';

// A check that a partner never sees something passes just as well when that
// something exists nowhere. So the words checked come from the demo answers
// themselves, and the therapist is first shown reading each one.

/**
 * The words a partner wrote in one worksheet, exactly as stored, each once:
 * every text answer, every row they named and every "other". Choices, scales
 * and the template's preset row names (also when typed as an answer, such as
 * a priority "Trust") are the template's words, not theirs, and left out.
 */
export function writtenWords(templateId: string, answers: Answers | undefined): string[] {
	const template = builtinTemplate(templateId);
	if (!template || !answers) throw new Error(`No demo answers for the worksheet ${templateId}`);
	const preset = new Set<string>();
	const words = new Set<string>();
	for (const field of template.fields) {
		const answer = answers[field.key];
		if (field.kind !== 'repeating-group') {
			textOf(field, answer).forEach((word) => words.add(word));
			continue;
		}
		field.presetRows?.forEach((name) => preset.add(name));
		for (const row of isGroupAnswer(answer) ? answer.rows : []) {
			words.add(row.name);
			for (const inner of field.fields)
				textOf(inner, row.answers[inner.key]).forEach((word) => words.add(word));
		}
	}
	const written = [...words].filter((word) => !preset.has(word));
	if (written.length === 0) throw new Error(`The demo answers to ${templateId} hold no words`);
	return written;
}

function textOf(field: SimpleField, answer: Answer | undefined): string[] {
	if (field.kind === 'short-text' || field.kind === 'long-text')
		return typeof answer === 'string' ? [answer] : [];
	if (field.kind === 'multiple-choice' && isMultipleChoiceAnswer(answer) && answer.other)
		return [answer.other];
	return [];
}

/**
 * Opens `path` as the therapist signed in on `page` and checks that each of
 * `words` is there: shown on the page, and in its data as sent, written the
 * same way a partner's data would carry it.
 */
export async function therapistReads(
	page: Page,
	path: string,
	words: readonly string[]
): Promise<void> {
	await page.goto(path);
	const data = await (await page.request.get(`${path}/__data.json`)).text();
	for (const word of words) {
		await expect(page.locator('main'), word).toContainText(word);
		expect(data, word).toContain(word);
	}
}
