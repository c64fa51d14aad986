import type { Database } from '../database/open';

/**
 * What happened, named for the audit trail. Later features add their own
 * (reading and changing worksheet content) through this same helper.
 */
export type AuditAction =
	| 'setup.first-therapist'
	| 'sign-in.success'
	| 'sign-in.failure'
	| 'sign-in.throttled'
	| 'sign-out'
	| 'session.ended'
	| 'password.change'
	| 'password.change-failure'
	| 'access.refused'
	| 'safety-help.change'
	| 'casework.view'
	| 'couple.create'
	| 'couple.change'
	| 'couple.archive'
	| 'couple.restore'
	| 'invitation.issue'
	| 'invitation.revoke'
	| 'invitation.accept'
	| 'invitation.refused'
	| 'therapy-session.schedule'
	| 'therapy-session.change'
	| 'therapy-session.cancel'
	| 'therapy-session.held'
	| 'assignment.create'
	| 'assignment.change'
	| 'assignment.cancel'
	| 'settings.change'
	| 'response.read'
	| 'response.save'
	| 'response.submit'
	| 'response.edit-again'
	| 'shared.read'
	| 'prep.view'
	| 'notes.change'
	| 'feedback.add'
	| 'response.review'
	| 'response.reopen'
	| 'therapy-session.prepared';

export interface AuditEntry {
	userId: string | null;
	action: AuditAction;
	objectType?: string | null;
	objectId?: string | null;
	clientAddress?: string | null;
}

/**
 * Appends one row to the audit log. Only identifiers go in: never a password,
 * a token or anything a partner wrote. Line breaks are encoded so a crafted
 * value cannot forge a second entry in an exported log.
 */
export async function recordAudit(
	db: Database,
	entry: AuditEntry,
	now = new Date()
): Promise<void> {
	await db
		.insertInto('audit_log')
		.values({
			at: now.toISOString(),
			user_id: entry.userId,
			action: entry.action,
			object_type: encodeLineBreaks(entry.objectType),
			object_id: encodeLineBreaks(entry.objectId),
			client_address: encodeLineBreaks(entry.clientAddress)
		})
		.execute();
}

/** Several rows at once, in one statement: reading a page of many responses logs each. */
export async function recordAudits(
	db: Database,
	entries: AuditEntry[],
	now = new Date()
): Promise<void> {
	if (entries.length === 0) return;
	await db
		.insertInto('audit_log')
		.values(
			entries.map((entry) => ({
				at: now.toISOString(),
				user_id: entry.userId,
				action: entry.action,
				object_type: encodeLineBreaks(entry.objectType),
				object_id: encodeLineBreaks(entry.objectId),
				client_address: encodeLineBreaks(entry.clientAddress)
			}))
		)
		.execute();
}

function encodeLineBreaks(value: string | null | undefined): string | null {
	if (value == null) return null;
	return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').slice(0, 500);
}
