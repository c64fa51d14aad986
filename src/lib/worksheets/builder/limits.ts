import { DEFAULT_LONG_TEXT_MAX, DEFAULT_MAX_ROWS, ROW_NAME_MAX } from '../template';

// How much a therapist may write into one template in the builder. Generous
// for any real worksheet, small enough that a template always fits a page
// and a request body.

export const BUILDER_LIMITS = {
	title: 120,
	intro: 4_000,
	minutes: { min: 1, max: 180 },
	fields: 40,
	fieldsInGroup: 10,
	label: 500,
	help: 1_000,
	textLength: { min: 1, max: DEFAULT_LONG_TEXT_MAX },
	scaleEnd: { min: -100, max: 100 },
	scaleLabel: 120,
	options: 25,
	optionLabel: 200,
	score: { min: -1_000, max: 1_000 },
	presetRows: DEFAULT_MAX_ROWS,
	rowName: ROW_NAME_MAX,
	maxRows: { min: 1, max: 50 },
	bands: 8,
	bandLabel: 120,
	note: 2_000,
	credit: 2_000
} as const;
