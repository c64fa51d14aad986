import type { Database } from '../database/open';
import { newId } from '../database/ids';
import { engineOf } from '../database/engine';
import { hashPassword } from './password';
import type { PracticeRole } from '../database/schema';

/** Emails are compared as typed by people: case and surrounding spaces do not matter. */
export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
export const EMAIL_MAX_LENGTH = 254;
export const DISPLAY_NAME_MAX_LENGTH = 80;

export function emailProblem(email: string): string | null {
	if (email.length === 0) return 'Enter an email address.';
	if (email.length > EMAIL_MAX_LENGTH || !EMAIL_SHAPE.test(email))
		return 'Enter an email address like name@example.com.';
	return null;
}

export function displayNameProblem(name: string): string | null {
	if (name.trim().length === 0) return 'Enter the name people will see.';
	if ([...name.trim()].length > DISPLAY_NAME_MAX_LENGTH)
		return `Use at most ${DISPLAY_NAME_MAX_LENGTH} characters.`;
	return null;
}

/**
 * A therapist's account carries their name. A partner's does not: their name
 * and couple are their place in `partners`, which the caller fills in the
 * same transaction (see acceptInvitation).
 */
export type NewAccount = {
	email: string;
	password: string;
	/** IANA time zone; UTC when not given. */
	timeZone?: string;
} & (
	| {
			role: 'therapist';
			displayName: string;
			/** Every therapist works in a practice (practice/practices.ts). */
			practice: { id: string; role: PracticeRole };
	  }
	| { role: 'partner' }
);

export class EmailTakenError extends Error {
	override name = 'EmailTakenError';
}

/**
 * Creates an account. Callers have checked the fields; this hashes the
 * password and refuses an email that already has an account. It is the one
 * place accounts are made: setup now, partner invitations later.
 */
export async function createAccount(db: Database, account: NewAccount, now: Date): Promise<string> {
	const email = normalizeEmail(account.email);
	const passwordHash = await hashPassword(account.password);
	const existing = await db
		.selectFrom('users')
		.select('id')
		.where('email', '=', email)
		.executeTakeFirst();
	if (existing) throw new EmailTakenError('An account with this email already exists.');
	const id = newId();
	try {
		await insertUser(db, id, email, passwordHash, account, now);
	} catch (error) {
		// Two sign-ups racing for one email: the database's unique index decides.
		if (engineOf(db).isUniqueViolation(error))
			throw new EmailTakenError('An account with this email already exists.');
		throw error;
	}
	return id;
}

async function insertUser(
	db: Database,
	id: string,
	email: string,
	passwordHash: string,
	account: NewAccount,
	now: Date
) {
	await db
		.insertInto('users')
		.values({
			id,
			email,
			display_name: account.role === 'therapist' ? account.displayName.trim() : null,
			role: account.role,
			password_hash: passwordHash,
			time_zone: account.timeZone ?? 'UTC',
			practice_id: account.role === 'therapist' ? account.practice.id : null,
			practice_role: account.role === 'therapist' ? account.practice.role : null,
			created_at: now.toISOString(),
			password_changed_at: now.toISOString()
		})
		.execute();
}

export async function therapistExists(db: Database): Promise<boolean> {
	const row = await db
		.selectFrom('users')
		.select('id')
		.where('role', '=', 'therapist')
		.limit(1)
		.executeTakeFirst();
	return row !== undefined;
}
