import type { Database } from '../database/open';
import { groupedWrite } from '../database/group-commit';
import { isInTransaction } from '../database/write-transaction';

/**
 * What happened, named for the audit trail.
 */
export type AuditAction =
	| 'setup.first-therapist'
	| 'sign-in.success'
	| 'sign-in.failure'
	| 'sign-in.throttled'
	| 'sign-in.password'
	| 'two-step.start'
	| 'two-step.on'
	| 'two-step.off'
	| 'two-step.failure'
	| 'two-step.recovery-code'
	| 'two-step.new-recovery-codes'
	| 'passkey.add'
	| 'passkey.remove'
	| 'practice.policies-change'
	| 'practice.retention-change'
	| 'colleague.invite'
	| 'colleague.join'
	| 'colleague.address-taken'
	| 'colleague.deactivate'
	| 'colleague.reactivate'
	| 'colleague.two-step-reset'
	| 'sign-out'
	| 'sign-out.device'
	| 'sign-out.everywhere'
	| 'quick-exit'
	| 'exit-site.change'
	| 'session.ended'
	| 'password.change'
	| 'password.change-failure'
	| 'password.reset-request'
	| 'password.reset-give'
	| 'password.reset-operator'
	| 'password.reset'
	| 'password.reset-refused'
	| 'access.refused'
	| 'safety-help.change'
	| 'crisis-help.change'
	| 'casework.view'
	| 'couple.create'
	| 'couple.change'
	| 'couple.archive'
	| 'couple.restore'
	| 'couple.hand-over'
	| 'supervision.grant'
	| 'supervision.end'
	| 'supervision.read'
	| 'invitation.issue'
	| 'invitation.revoke'
	| 'invitation.accept'
	| 'invitation.refused'
	| 'invitation.address-taken'
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
	| 'therapy-session.prepared'
	| 'mail-choices.change'
	| 'mail-choices.unsubscribe'
	| 'address.confirmation-request'
	| 'address.confirm'
	| 'flag.acknowledge'
	| 'flag.resolve'
	| 'flag.escalate'
	| 'screening.assign'
	| 'audit.view'
	| 'audit.export'
	| 'record.delete'
	| 'record.delete-refused'
	| 'record.export'
	| 'own-copy.download'
	| 'calendar-feed.start'
	| 'calendar-feed.stop'
	| 'calendar-file.download'
	| 'worksheet.save'
	| 'worksheet.archive'
	| 'worksheet.restore'
	| 'worksheet.delete'
	| 'worksheet.import'
	| 'worksheet.export'
	| 'program.create'
	| 'program.change'
	| 'program.archive'
	| 'program.restore'
	| 'program.delete'
	| 'couple.program-change';

/** Who did it, and from where: the signed-in user (null before sign-in) and their address. */
export interface Actor {
	userId: string | null;
	clientAddress: string | null;
}

/** A signed-in actor: every change to casework or homework has one. */
export type SignedInActor = Actor & { userId: string };

/** What it was done to. */
export interface AuditObject {
	type: string;
	/** Null when the object is named but unknown (a sign-in to an address with no account). */
	id: string | null;
}

/**
 * The one way into the audit log. One row per object (reading a page of
 * many responses logs each), or one row with no object. Only identifiers go
 * in: never a password, a token or anything a partner wrote. Line breaks are
 * encoded so a crafted value cannot forge a second entry in an exported log.
 * A change passes its transaction as `db`, so the change and its record
 * commit together or not at all. A record on its own (a page was read)
 * shares its commit with the others being written at the same moment.
 */
export async function recordAudit(
	db: Database,
	actor: Actor,
	action: AuditAction,
	objects: AuditObject | readonly AuditObject[] | null = null,
	now = new Date()
): Promise<void> {
	const list =
		objects === null ? [null] : Array.isArray(objects) ? objects : [objects as AuditObject];
	if (list.length === 0) return;
	const write = (trx: Database) =>
		trx
			.insertInto('audit_log')
			.values(
				list.map((object: AuditObject | null) => ({
					at: now.toISOString(),
					user_id: actor.userId,
					action,
					object_type: encodeLineBreaks(object?.type),
					object_id: encodeLineBreaks(object?.id),
					client_address: encodeLineBreaks(actor.clientAddress)
				}))
			)
			.execute();
	if (isInTransaction(db)) await write(db);
	else await groupedWrite(db, write);
}

function encodeLineBreaks(value: string | null | undefined): string | null {
	if (value == null) return null;
	return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').slice(0, 500);
}
