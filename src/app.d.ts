import type { Session, SessionEnd, SessionUser } from '$lib/server/accounts/session';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			/** Set when this request found the session over, so sign-in can say why. */
			sessionEnded: SessionEnd | null;
		}
		interface Error {
			message: string;
			/** Quoted to support; matches a line in the server log. */
			errorId?: string;
		}
	}
}

export {};
