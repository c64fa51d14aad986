import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { appDatabase, stopDatabase } from '$lib/server/database/app-database';
import { startApp } from '$lib/server/startup/start';
import { startMail } from '$lib/server/startup/mail';
import { startRetention } from '$lib/server/startup/retention';
import { StartupError } from '$lib/server/startup/startup-error';
import {
	SESSION_COOKIE,
	deleteSessionCookie,
	setSessionCookie
} from '$lib/server/accounts/session-cookie';
import { validateSessionToken } from '$lib/server/accounts/session';
import { recordAudit } from '$lib/server/audit/audit';
import { clientAddress } from '$lib/server/http/client-address';
import { securityHeaders } from '$lib/server/http/security-headers';
import { crossSiteForms } from '$lib/server/http/cross-site-forms';
import { maskSecretPath } from '$lib/server/http/secret-paths';
import { countingStatements, withStatementCount } from '$lib/server/database/statement-count';
import { HEALTH_CHECK_PATH } from '$lib/server/http/health-check';

export const init: ServerInit = async () => {
	try {
		await startApp();
	} catch (error) {
		if (error instanceof StartupError) {
			console.error(`Common Ground cannot start: ${error.message}`);
			process.exit(1);
		}
		throw error;
	}
	const mail = startMail(appDatabase());
	const retention = startRetention(appDatabase());
	// adapter-node emits this after SIGTERM/SIGINT once requests in flight have finished.
	process.once('sveltekit:shutdown' as 'exit', () => {
		retention.stop();
		void mail.stop().finally(() => void stopDatabase());
	});
};

const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	event.locals.sessionEnded = null;
	event.locals.secondStep = null;

	const token = event.cookies.get(SESSION_COOKIE);
	// The health check reads no session: a stale cookie a proxy keeps sending
	// must not add an audit row per poll, nor fail it while the database is down.
	if (token === undefined || event.url.pathname === HEALTH_CHECK_PATH) return resolve(event);

	const db = appDatabase();
	const result = await validateSessionToken(db, token, new Date());
	if (result.session) {
		// Waiting for its code, a session is signed out for every page but the one asking for it.
		if (result.session.twoStepPending)
			event.locals.secondStep = { session: result.session, user: result.user };
		else {
			event.locals.user = result.user;
			event.locals.session = result.session;
		}
		setSessionCookie(event.cookies, event.url, token, result.session);
	} else {
		deleteSessionCookie(event.cookies, event.url);
		if (result.ended) {
			event.locals.sessionEnded = result.ended;
			await recordAudit(
				db,
				{ userId: null, clientAddress: clientAddress(event) },
				'session.ended',
				{ type: 'reason', id: result.ended }
			);
		}
	}
	return resolve(event);
};

/** For `npm run benchmark` only (COUNT_STATEMENTS=1): how many SQL statements the request ran. */
const statementCount: Handle = async ({ event, resolve }) => {
	const { result, statements } = await withStatementCount(async () => resolve(event));
	result.headers.set('Statements', String(statements));
	return result;
};

// Cross-site forms are refused before anything else reads the request or its cookie.
export const handle: Handle = countingStatements()
	? sequence(statementCount, crossSiteForms, authenticate, securityHeaders)
	: sequence(crossSiteForms, authenticate, securityHeaders);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message: 'Not found' };
	const errorId = crypto.randomUUID();
	// The log keeps the detail; the person sees only an id to quote.
	// Invitation, reset, confirmation and unsubscribe links carry a secret in their path: it never reaches the log.
	const path = maskSecretPath(event.url.pathname);
	// A client's mistake (a body over the limit, a method not allowed) is one line, not a stack trace.
	if (status < 500)
		console.warn(`[${errorId}] ${event.request.method} ${path}: ${status} ${message}`);
	else console.error(`[${errorId}] ${event.request.method} ${path}:`, error);
	return { message: status >= 500 ? 'Something went wrong on our side.' : message, errorId };
};
