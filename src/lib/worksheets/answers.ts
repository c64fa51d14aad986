// The shape of what a partner writes in a worksheet, by field kind:
//   short-text, long-text, single-choice -> string
//   scale                                -> number
//   multiple-choice                      -> { selected, other? }
//   repeating-group                      -> { rows: [{ name, answers }] }
// A field left empty has no entry at all.

export interface MultipleChoiceAnswer {
	selected: string[];
	/** What the partner wrote beside "other"; present only when they wrote something. */
	other?: string;
}

export type SimpleAnswer = string | number | MultipleChoiceAnswer;

export interface GroupRow {
	name: string;
	answers: Record<string, SimpleAnswer>;
}

export interface GroupAnswer {
	rows: GroupRow[];
}

export type Answer = SimpleAnswer | GroupAnswer;

export type Answers = Record<string, Answer>;

export function isGroupAnswer(answer: Answer | undefined): answer is GroupAnswer {
	return typeof answer === 'object' && answer !== null && 'rows' in answer;
}

export function isMultipleChoiceAnswer(answer: Answer | undefined): answer is MultipleChoiceAnswer {
	return typeof answer === 'object' && answer !== null && 'selected' in answer;
}
