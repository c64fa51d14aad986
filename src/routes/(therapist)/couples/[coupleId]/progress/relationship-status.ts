// How the relationship check-in's status answer reads on the progress page.
export const RELATIONSHIP_STATUS_LABELS: Record<string, string> = {
	apart: 'Apart',
	'in-contact': 'In contact',
	'back-together': 'Back together'
};

/** A letter for the chart, where a word would not fit. */
export const RELATIONSHIP_STATUS_LETTERS: Record<string, string> = {
	Apart: 'A',
	'In contact': 'C',
	'Back together': 'T'
};
