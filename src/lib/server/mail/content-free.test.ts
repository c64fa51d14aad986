import { describe, expect, it } from 'vitest';
import { giveawaysIn } from './content-free';
import type { MailKind } from './kinds';
import { DEFAULT_SENDER_NAME, messageText } from './messages';

const EVERY_KIND: readonly MailKind[] = [
	'invitation',
	'address-confirmation',
	'password-reset',
	'new-homework',
	'sent-back',
	'feedback',
	'reminder',
	'urgent-alert',
	'daily-digest',
	'sign-in-failures',
	'address-in-use'
];

describe('every kind of mail', () => {
	it.each(EVERY_KIND)('%s says nothing about what it is about', (kind) => {
		const { subject, body } = messageText(kind, {
			link: 'https://app.example.org/home',
			until: 'Friday, 4 December 2026 at 10:00 GMT',
			choices: {
				accountLink: 'https://app.example.org/account',
				unsubscribeLink: 'https://app.example.org/unsubscribe/abc.def'
			}
		});
		expect(giveawaysIn(`${DEFAULT_SENDER_NAME}\n${subject}\n${body}`)).toEqual([]);
		expect(body).toContain('https://app.example.org/home');
	});

	it('the check finds what it looks for', () => {
		expect(giveawaysIn('Your Private check-in from your therapist', ['Sam'])).toEqual([
			'therapist',
			'check-in',
			'Private check-in'
		]);
		expect(giveawaysIn('A note for Sam', ['Sam'])).toEqual(['Sam']);
	});
});
