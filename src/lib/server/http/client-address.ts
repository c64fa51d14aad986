import type { RequestEvent } from '@sveltejs/kit';

/**
 * The address the request came from, as the server sees it. Behind a proxy,
 * adapter-node's ADDRESS_HEADER and XFF_DEPTH say which forwarded hop to
 * trust; a client-supplied X-Forwarded-For is never read directly.
 */
export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}
