import type { Role } from '../database/schema';

// Every kind of mail the app sends. Those a person may choose have a default
// and a line for the /account page; the rest (an invitation, a confirmation
// link, a password reset) go whenever they are asked for.

export type ChosenKind =
	'new-homework' | 'sent-back' | 'feedback' | 'reminder' | 'urgent-alert' | 'daily-digest';

export type MailKind =
	| ChosenKind
	| 'invitation'
	| 'address-confirmation'
	| 'password-reset'
	| 'sign-in-failures'
	| 'address-in-use';

export interface ChosenKindInfo {
	kind: ChosenKind;
	role: Role;
	wantedByDefault: boolean;
	/** What the person is choosing, on /account. */
	label: string;
}

export const CHOSEN_KINDS: readonly ChosenKindInfo[] = [
	{
		kind: 'new-homework',
		role: 'partner',
		wantedByDefault: true,
		label: 'When your therapist gives you something new to do'
	},
	{
		kind: 'sent-back',
		role: 'partner',
		wantedByDefault: true,
		label: 'When your therapist hands something back for you to revise'
	},
	{
		kind: 'feedback',
		role: 'partner',
		wantedByDefault: true,
		label: 'When your therapist writes to you about something you handed in'
	},
	{
		kind: 'reminder',
		role: 'partner',
		wantedByDefault: true,
		label: 'A reminder the day before something is due, never at night'
	},
	{
		kind: 'urgent-alert',
		role: 'therapist',
		wantedByDefault: true,
		label: 'At once, when a private check-in has a concerning answer'
	},
	{
		kind: 'daily-digest',
		role: 'therapist',
		wantedByDefault: false,
		label: 'Each morning at 07:00, when partners handed something in the day before'
	}
];

export function isChosenKind(kind: string): kind is ChosenKind {
	return CHOSEN_KINDS.some((info) => info.kind === kind);
}

export function chosenKindInfo(kind: ChosenKind): ChosenKindInfo {
	const info = CHOSEN_KINDS.find((candidate) => candidate.kind === kind);
	if (!info) throw new Error(`Unknown kind of mail: ${kind}`);
	return info;
}
