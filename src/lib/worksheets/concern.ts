import { isMultipleChoiceAnswer, type Answers } from './answers';
import {
	CONCERN_TIERS,
	type ConcernRule,
	type ConcernTier,
	type WorksheetTemplate
} from './template';

// The one home of what makes a handed-in answer a concern, and how urgent it
// is. The rules are data in each template (its concernRules, skippedMeans);
// hand-in.ts stores the tier on the therapist's flag, and the help a partner
// sees after handing in (library/help-after-hand-in.ts) is chosen from it.
// Only a hand-in is read this way: a draft is never flagged.

/**
 * The highest tier these handed-in answers meet under the template's rules,
 * or null when nothing is of concern: a rule met gives its tier (`watch`
 * unless it says otherwise); a screened item left unanswered gives the
 * template's `skippedMeans`.
 */
export function concernTier(template: WorksheetTemplate, answers: Answers): ConcernTier | null {
	const rules = template.concernRules ?? [];
	const met = new Set<ConcernTier>();
	for (const rule of rules) if (ruleMet(rule, answers)) met.add(rule.tier ?? 'watch');
	if (template.skippedMeans && skippedScreenedItem(rules, answers)) met.add(template.skippedMeans);
	return highestTier([...met]);
}

/** Whether the answers raise a flag at any tier. */
export function isConcerning(template: WorksheetTemplate, answers: Answers): boolean {
	return concernTier(template, answers) !== null;
}

/** The most urgent of these tiers, or null when there are none. */
export function highestTier(tiers: readonly (ConcernTier | null)[]): ConcernTier | null {
	return CONCERN_TIERS.find((tier) => tiers.includes(tier)) ?? null;
}

/** Whether `tier` is more urgent than `than` (anything is more urgent than none). */
export function isMoreUrgent(tier: ConcernTier, than: ConcernTier | null): boolean {
	return than === null || CONCERN_TIERS.indexOf(tier) < CONCERN_TIERS.indexOf(than);
}

/** An item a choice or scale rule reads, left unanswered (free text left empty is no skip). */
function skippedScreenedItem(rules: readonly ConcernRule[], answers: Answers): boolean {
	return rules.some((rule) => !('answered' in rule) && answers[rule.field] === undefined);
}

function ruleMet(rule: ConcernRule, answers: Answers): boolean {
	const answer = answers[rule.field];
	if (answer === undefined) return false;
	if ('answered' in rule) return true;
	if ('atLeast' in rule) return typeof answer === 'number' && answer >= rule.atLeast;
	if (typeof answer === 'string') return rule.anyOf.includes(answer);
	if (isMultipleChoiceAnswer(answer))
		return answer.selected.some((value) => rule.anyOf.includes(value));
	return false;
}
