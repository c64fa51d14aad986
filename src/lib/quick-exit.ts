// What the quick exit does, in the words a partner reads: once on joining,
// and always on the Help page.
export const QUICK_EXIT_EXPLAINED =
	'The Quick exit button at the top of every page (or Escape pressed twice) leaves at once ' +
	'for an ordinary site, a weather page unless your therapist chose another, and signs you ' +
	'out. The page you were on is replaced in the browser’s history, so Back does not return to it.';
