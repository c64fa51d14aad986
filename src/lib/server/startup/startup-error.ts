/**
 * A problem the person starting the server can fix (a path, a version): it is
 * printed as one line, without a stack trace, and the process exits.
 */
export class StartupError extends Error {
	override name = 'StartupError';
}
