import type { SignedInActor } from '../audit/audit';

/** The person a test acts as, asking from a documentation address (RFC 5737). */
export function by(userId: string): SignedInActor {
	return { userId, clientAddress: '203.0.113.5' };
}
