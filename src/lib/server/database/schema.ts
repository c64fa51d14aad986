import type { Generated } from 'kysely';

// The shape of the database as the app sees it, table by table. Times are
// ISO-8601 strings in UTC ("2026-11-27T14:00:00.000Z"), which sort as they read.

export type Role = 'therapist' | 'partner';

export interface UsersTable {
	id: string;
	email: string;
	display_name: string;
	role: Role;
	password_hash: string;
	couple_id: string | null;
	created_at: string;
	password_changed_at: string;
}

export interface CouplesTable {
	id: string;
	therapist_id: string;
	name: string;
	created_at: string;
}

export interface SessionsTable {
	/** SHA-256 of the session token, hex: the token itself is never stored. */
	id: string;
	user_id: string;
	created_at: string;
	last_active_at: string;
	expires_at: string;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: string;
	user_id: string | null;
	action: string;
	object_type: string | null;
	object_id: string | null;
	client_address: string | null;
}

export interface WorksheetTemplatesTable {
	id: string;
	/** Null for the built-in templates that ship with the app. */
	owner_therapist_id: string | null;
	created_at: string;
}

export interface WorksheetTemplateVersionsTable {
	template_id: string;
	version: number;
	/** The template definition as JSON. */
	definition: string;
	/** SHA-256 of the definition: a changed built-in is noticed at startup. */
	fingerprint: string;
	created_at: string;
}

export interface SafetyHelpTextsTable {
	therapist_id: string;
	text: string;
	updated_at: string;
}

export interface DB {
	users: UsersTable;
	couples: CouplesTable;
	sessions: SessionsTable;
	audit_log: AuditLogTable;
	worksheet_templates: WorksheetTemplatesTable;
	worksheet_template_versions: WorksheetTemplateVersionsTable;
	safety_help_texts: SafetyHelpTextsTable;
}
