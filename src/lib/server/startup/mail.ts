import { now } from '../clock';
import type { Database } from '../database/open';
import { startMailWorker, type MailWorker } from '../mail/mail-worker';
import { smtpCourier } from '../mail/smtp-courier';
import { mailSettings, outboxPollMs } from './config';

/**
 * The mail worker, started with the server (hooks.server.ts init). With
 * SMTP_URL it sends; without, messages wait in the outbox and the worker
 * still keeps reminders and digests queued for when mail is set up.
 */
export function startMail(db: Database): MailWorker {
	const settings = mailSettings();
	return startMailWorker(db, {
		courier: settings.smtpUrl ? smtpCourier(settings.smtpUrl, settings.from) : null,
		pollMs: outboxPollMs(),
		clock: now
	});
}
