import type { SessionUser } from '../accounts/session';

// A therapist whose practice requires two-step sign-in, and who has not set
// it up (a new colleague, or one whose two-step the administrator reset),
// may do nothing but set it up: every other page, its data and its actions
// are closed until then. requireUser, where every guard starts, asks this.

export const TWO_STEP_SETUP_PATH = '/account/two-step';

/** Pages open before two-step is set up: its own setup, signing out, the quick exit. */
const OPEN_BEFORE_SETUP = [TWO_STEP_SETUP_PATH, '/sign-out', '/exit'];

/** Where to send this request instead, or null when it may go on. */
export function twoStepSetupDetour(user: SessionUser | null, pathname: string): string | null {
	if (!user?.mustSetUpTwoStep) return null;
	const open = OPEN_BEFORE_SETUP.some(
		(path) => pathname === path || pathname.startsWith(`${path}/`)
	);
	return open ? null : `${TWO_STEP_SETUP_PATH}?required`;
}
