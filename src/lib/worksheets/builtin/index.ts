// The worksheets that ship with the app: one or more per program step, plus
// the check-ins a therapist can assign at any step.

import type { WorksheetTemplate } from '../template';
import { accountability } from './accountability';
import { allOutcomes } from './all-outcomes';
import { breakupReasons } from './breakup-reasons';
import { coreIssues } from './core-issues';
import { emotionalSpace } from './emotional-space';
import { personalGrowth } from './personal-growth';
import { reconnecting } from './reconnecting';
import { relationshipGoals } from './relationship-goals';
import { safetyCheckIn } from './safety-check-in';
import { sessionFeedback } from './session-feedback';
import { satisfactionCheckIn } from './satisfaction-check-in';
import { takingItSlow } from './taking-it-slow';
import { therapyCommitment } from './therapy-commitment';
import { wellbeingCheckIn } from './wellbeing-check-in';

/** In program order, then the check-ins. */
export const BUILTIN_TEMPLATES: readonly WorksheetTemplate[] = [
	breakupReasons,
	emotionalSpace,
	personalGrowth,
	reconnecting,
	accountability,
	coreIssues,
	takingItSlow,
	relationshipGoals,
	therapyCommitment,
	allOutcomes,
	safetyCheckIn,
	satisfactionCheckIn,
	wellbeingCheckIn,
	sessionFeedback
];

export function builtinTemplate(id: string): WorksheetTemplate | undefined {
	return BUILTIN_TEMPLATES.find((template) => template.id === id);
}
