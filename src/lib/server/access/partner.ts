import type { RequestEvent } from '@sveltejs/kit';
import { appDatabase } from '../database/app-database';
import { refuse, requirePartner, type Partner } from './guards';
import { worksheetForPartner, type WorksheetState } from '../homework/responses';

type WorksheetEvent = Pick<
	RequestEvent,
	'locals' | 'url' | 'route' | 'getClientAddress' | 'request'
> & { params: { assignmentId?: string } };

/**
 * The guard of every page, action and endpoint of a partner's worksheet: the
 * asker is a partner and the homework is addressed to them. Anything else is
 * 404, as if it did not exist, and the refusal is logged.
 */
export async function requirePartnerWorksheet(
	event: WorksheetEvent
): Promise<{ partner: Partner; worksheet: WorksheetState }> {
	const partner = await requirePartner(event);
	const worksheet = event.params.assignmentId
		? await worksheetForPartner(appDatabase(), partner, event.params.assignmentId, new Date())
		: null;
	if (!worksheet) return refuse(event, partner);
	return { partner, worksheet };
}
