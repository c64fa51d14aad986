import type { MailKind } from './kinds';

// What each kind of mail says. A mail may be read by anyone holding the
// phone, or by a mail provider: it says only that there is something in the
// app, and links to it. No worksheet, step, answer or name, and no word that
// gives away what the app is for; mail.test.ts reads every kind to check.

export const DEFAULT_SENDER_NAME = 'Common Ground';

export interface MessageText {
	subject: string;
	body: string;
}

export interface MessageInput {
	/** The link the mail exists for. */
	link: string;
	/** For links that stop working: when, as the reader's clock shows it. */
	until?: string;
	/** For mail a person chose: where to change their choices, and the one-click way out. */
	choices?: { accountLink: string; unsubscribeLink: string };
}

export function messageText(kind: MailKind, input: MessageInput): MessageText {
	const { subject, lines } = wording(kind, input);
	const footer = input.choices
		? [
				'',
				'--',
				`Choose which messages you get: ${input.choices.accountLink}`,
				`Stop messages like this one: ${input.choices.unsubscribeLink}`
			]
		: [];
	return { subject, body: ['Hello,', '', ...lines, ...footer, ''].join('\n') };
}

function wording(
	kind: MailKind,
	{ link, until }: MessageInput
): { subject: string; lines: string[] } {
	const validity = until ? `The link works once, until ${until}.` : 'The link works once.';
	switch (kind) {
		case 'invitation':
			return {
				subject: 'Your personal link',
				lines: [
					'Here is your personal link to create your account:',
					'',
					link,
					'',
					validity,
					'If you were not expecting this, you can ignore it.'
				]
			};
		case 'address-confirmation':
			return {
				subject: 'Please confirm your address',
				lines: [
					'Please confirm that this is your address by opening this link:',
					'',
					link,
					'',
					validity,
					'If you did not ask for this, you can ignore it.'
				]
			};
		case 'password-reset':
			return {
				subject: 'Set a new password',
				lines: [
					'Someone asked to set a new password for the account at this address. To set one, open:',
					'',
					link,
					'',
					validity,
					'If it was not you, ignore this message: your password stays as it is.'
				]
			};
		case 'sign-in-failures':
			return {
				subject: 'Many failed attempts to sign in',
				lines: [
					'There have been many failed attempts to sign in to the account at this address, and sign-ins from new devices are being slowed down.',
					'',
					'Devices you have signed in on before are not affected. If it was not you, nobody has got in: your password stays as it is. If you think someone knows it, set a new one:',
					'',
					link
				]
			};
		case 'address-in-use':
			return {
				subject: 'Someone tried to create an account with this address',
				lines: [
					'Someone used a personal link to create an account with this address, which already has one, so no new account was made and that link no longer works.',
					'',
					'If it was you, sign in with the account you have, or ask for a new link and use another address:',
					'',
					link,
					'',
					'If it was not you, you can ignore this message.'
				]
			};
		case 'new-homework':
		case 'sent-back':
		case 'feedback':
			return {
				subject: 'There is something new for you',
				lines: ['There is something new for you. Sign in to see it:', '', link]
			};
		case 'reminder':
			return {
				subject: 'A friendly reminder',
				lines: ['Something is waiting for you. Sign in to see it:', '', link]
			};
		case 'urgent-alert':
			return {
				subject: 'Something needs your attention',
				lines: ["A client's answers need your attention. Sign in to see them:", '', link]
			};
		case 'daily-digest':
			return {
				subject: 'New since yesterday',
				lines: ['There is something new to read since yesterday. Sign in to see it:', '', link]
			};
	}
}
