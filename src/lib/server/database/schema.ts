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

export interface DB {
	users: UsersTable;
	couples: CouplesTable;
	sessions: SessionsTable;
	audit_log: AuditLogTable;
}
