import type { RequestEvent } from '@sveltejs/kit';
import { clientAddress } from '../http/client-address';
import type { Actor, SignedInActor } from './audit';

/** The actor of this request: who is asking (from the session) and from where. */
export function requestActor(
	event: Pick<RequestEvent, 'getClientAddress'>,
	userId: string
): SignedInActor;
export function requestActor(
	event: Pick<RequestEvent, 'getClientAddress'>,
	userId: string | null
): Actor;
export function requestActor(
	event: Pick<RequestEvent, 'getClientAddress'>,
	userId: string | null
): Actor {
	return { userId, clientAddress: clientAddress(event) };
}
