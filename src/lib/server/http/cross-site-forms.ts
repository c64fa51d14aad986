import { json, text, type Handle } from '@sveltejs/kit';

// Cross-site request forgery: a page elsewhere must not post a form here with
// the visitor's session cookie. This is SvelteKit's own origin check, kept in
// our hands (svelte.config.js turns Kit's off) so that one path can be let
// through: a mail provider's one-click unsubscribe (RFC 8058), which posts
// from its own servers with no Origin at all. That is safe because the link
// is signed for one person and one kind of mail, and all it can do is send
// them fewer mails.

/** The content types a plain HTML form can send, which a browser posts cross-site without asking. */
const FORM_CONTENT_TYPES = new Set([
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain',
	// What SvelteKit's own enhanced forms send.
	'application/x-sveltekit-formdata'
]);

const WRITING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The one-click unsubscribe link (mail/unsubscribe-links.ts) and nothing below or beside it. */
const ONE_CLICK_UNSUBSCRIBE = /^\/unsubscribe\/[^/]+$/;

/** Whether a request is a form post from another site (or from nowhere), which is refused. */
export function isCrossSiteForm(request: Request, url: URL): boolean {
	if (!WRITING_METHODS.has(request.method)) return false;
	const type = request.headers.get('content-type')?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
	if (!FORM_CONTENT_TYPES.has(type)) return false;
	if (request.headers.get('origin') === url.origin) return false;
	return !ONE_CLICK_UNSUBSCRIBE.test(url.pathname);
}

/** Refuses cross-site form posts with 403, worded as SvelteKit words it. Runs first of all. */
export const crossSiteForms: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (!isCrossSiteForm(request, url)) return resolve(event);
	const message = `Cross-site ${request.method} form submissions are forbidden`;
	if (request.headers.get('accept') === 'application/json')
		return json({ message }, { status: 403 });
	return text(message, { status: 403 });
};
