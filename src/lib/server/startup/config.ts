// Settings read from the environment. The README's configuration table lists them.

export function databasePath(): string {
	return process.env.DATABASE_PATH || './data/common-ground.db';
}

/**
 * Where the database is: DATABASE_URL (postgres://…) for PostgreSQL, shared
 * by every app process; otherwise the SQLite file at DATABASE_PATH.
 */
export function databaseLocation(): string {
	return process.env.DATABASE_URL || databasePath();
}

/**
 * The address people reach the app at, for links in mail. `npm start` sets
 * ORIGIN to http://localhost:$PORT when it is not given.
 */
export function appOrigin(): string {
	const origin = process.env.ORIGIN || `http://localhost:${process.env.PORT || '3000'}`;
	return origin.replace(/\/+$/, '');
}

export interface MailSettings {
	/** smtp:// or smtps:// with user and password if the server needs them; null: mail is not configured. */
	smtpUrl: string | null;
	/** The sender address; the sender's name is the practice's. */
	from: string;
}

export function mailSettings(): MailSettings {
	const smtpUrl = process.env.SMTP_URL || null;
	let from = process.env.MAIL_FROM || '';
	if (!from) {
		const host = smtpUrl ? safeHost(smtpUrl) : null;
		from = `no-reply@${host ?? 'localhost'}`;
	}
	return { smtpUrl, from };
}

function safeHost(url: string): string | null {
	try {
		return new URL(url).hostname || null;
	} catch {
		return null;
	}
}

/** How often the mail worker looks for mail to send and reminders that are due. */
export function outboxPollMs(): number {
	const value = Number(process.env.OUTBOX_POLL_MS);
	return Number.isInteger(value) && value >= 50 ? value : 5_000;
}

/** How many years a closed (archived) couple's record is kept before the server deletes it. */
export function recordRetentionYears(): number {
	const value = Number(process.env.RECORD_RETENTION_YEARS);
	return Number.isInteger(value) && value >= 1 && value <= 100 ? value : 7;
}

/** How often the server looks for records past their retention period. */
export function retentionSweepMs(): number {
	const value = Number(process.env.RETENTION_SWEEP_MS);
	return Number.isInteger(value) && value >= 50 ? value : 60 * 60 * 1000;
}
