import type { RequestEvent } from '@sveltejs/kit';
import { appDatabase } from './database/app-database';
import { recordAudit, type AuditAction } from './audit';
import { clientAddress } from './client-address';

/** One audit row for what a signed-in person did in this request, with where they asked from. */
export async function auditRequest(
	event: Pick<RequestEvent, 'getClientAddress'>,
	userId: string,
	action: AuditAction,
	object: { type: string; id: string }
): Promise<void> {
	await recordAudit(appDatabase(), { userId, action, objectType: object.type, objectId: object.id, clientAddress: clientAddress(event) });
}
