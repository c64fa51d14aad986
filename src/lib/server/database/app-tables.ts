import type { DB } from './schema';

/** One of the app's tables, with the columns of its primary key. */
export interface AppTable {
	name: keyof DB;
	key: readonly string[];
}

/**
 * Every table the app keeps, parents before the tables that refer to them,
 * so rows can be written in this order with foreign keys enforced. Moving a
 * practice between engines copies exactly these; a table added by a
 * migration must be added here, or the copy refuses to start (and the type
 * check below fails first).
 */
export const APP_TABLES = [
	{ name: 'practices', key: ['id'] },
	{ name: 'users', key: ['id'] },
	{ name: 'backfills', key: ['name'] },
	{ name: 'server_secrets', key: ['name'] },
	{ name: 'sign_in_throttles', key: ['window_start', 'client_address'] },
	{ name: 'throttles', key: ['kind', 'key_hash'] },
	{ name: 'audit_log', key: ['id'] },
	{ name: 'sessions', key: ['id'] },
	{ name: 'recovery_codes', key: ['code_hash'] },
	{ name: 'passkeys', key: ['id'] },
	{ name: 'passkey_challenges', key: ['challenge'] },
	{ name: 'address_confirmations', key: ['token_hash'] },
	{ name: 'password_resets', key: ['token_hash'] },
	{ name: 'mail_choices', key: ['user_id', 'kind'] },
	{ name: 'mail_digests', key: ['therapist_id'] },
	{ name: 'calendar_feeds', key: ['user_id'] },
	{ name: 'safety_help_texts', key: ['therapist_id'] },
	{ name: 'crisis_help_texts', key: ['therapist_id'] },
	{ name: 'colleague_invitations', key: ['id'] },
	{ name: 'worksheet_templates', key: ['id'] },
	{ name: 'worksheet_template_versions', key: ['template_id', 'version'] },
	{ name: 'programs', key: ['id'] },
	{ name: 'program_steps', key: ['id'] },
	{ name: 'couples', key: ['id'] },
	{ name: 'supervision_grants', key: ['id'] },
	{ name: 'partners', key: ['id'] },
	{ name: 'invitations', key: ['id'] },
	{ name: 'therapy_sessions', key: ['id'] },
	{ name: 'session_notes', key: ['session_id'] },
	{ name: 'assignments', key: ['id'] },
	{ name: 'responses', key: ['id'] },
	{ name: 'flags', key: ['id'] },
	{ name: 'flag_escalations', key: ['id'] },
	{ name: 'feedback', key: ['id'] },
	{ name: 'homework_reminders', key: ['assignment_id', 'partner_id', 'occurrence'] },
	{ name: 'outbox', key: ['id'] }
] as const satisfies readonly AppTable[];

// A table in the typed schema but not above fails the type check here.
type Unlisted = Exclude<keyof DB, (typeof APP_TABLES)[number]['name']>;
const everyTableListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyTableListed;

/** Tables that belong to the database engine or to Kysely's migrator, not to the app. */
export function isAppTable(name: string): boolean {
	return !/^(sqlite_|kysely_)/.test(name);
}
