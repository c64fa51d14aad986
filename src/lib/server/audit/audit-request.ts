import type { RequestEvent } from '@sveltejs/kit';
import { appDatabase } from '../database/app-database';
import { recordAudit, recordAudits, type AuditAction } from './audit';
import { clientAddress } from '../http/client-address';

/** One audit row for what a signed-in person did in this request, with where they asked from. */
export async function auditRequest(
	event: Pick<RequestEvent, 'getClientAddress'>,
	userId: string,
	action: AuditAction,
	object: { type: string; id: string }
): Promise<void> {
	await recordAudit(appDatabase(), {
		userId,
		action,
		objectType: object.type,
		objectId: object.id,
		clientAddress: clientAddress(event)
	});
}

/** One row per object, written together. */
export async function auditRequestEach(
	event: Pick<RequestEvent, 'getClientAddress'>,
	userId: string,
	action: AuditAction,
	objects: Array<{ type: string; id: string }>
): Promise<void> {
	const address = clientAddress(event);
	await recordAudits(
		appDatabase(),
		objects.map((object) => ({
			userId,
			action,
			objectType: object.type,
			objectId: object.id,
			clientAddress: address
		}))
	);
}
