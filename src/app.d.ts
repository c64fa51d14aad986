import type { Session, SessionEnd, SessionUser } from '$lib/server/accounts/session';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			/** Set when this request found the session over, so sign-in can say why. */
			sessionEnded: SessionEnd | null;
			/** A session whose password was right and whose code is still to come: it opens only /sign-in/code. */
			secondStep: { session: Session; user: SessionUser } | null;
		}
		interface Error {
			message: string;
			/** Quoted to support; matches a line in the server log. */
			errorId?: string;
		}
	}
}

export {};
