import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { setTimeZone } from '$lib/server/accounts/settings';
import { practicePolicies } from '$lib/server/practice/practices';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapist } from '$lib/server/access/therapist';
import { requireUser } from '$lib/server/access/signed-in';
import { readForm, textFields } from '$lib/server/http/form';
import * as clock from '$lib/server/clock';
import { mailChoices, setMailChoices } from '$lib/server/mail/choices';
import { addressConfirmed, resendAddressConfirmation } from '$lib/server/mail/address-confirmation';
import { DEFAULT_SENDER_NAME } from '$lib/server/mail/messages';
import { formatStamp, isTimeZone, timeZoneChoices } from '$lib/time';
import { signOutDevice, signOutEverywhere, signedInDevices } from '$lib/server/accounts/devices';
import { deleteSessionCookie } from '$lib/server/accounts/session-cookie';
import {
	DEFAULT_EXIT_SITE,
	EXIT_SITE_MAX_LENGTH,
	chosenExitSite,
	exitSiteProblem,
	setExitSite
} from '$lib/server/accounts/exit-site';
import { secondsUntil, waitDescription } from '$lib/wait-description';
import {
	calendarFeedSince,
	startCalendarFeed,
	stopCalendarFeed
} from '$lib/server/casework/calendar-feeds';

/** What `?saved=` names, so the page can say what was just kept. */
const SAVED = [
	'time-zone',
	'mail',
	'link-sent',
	'exit-site',
	'device-signed-out',
	'calendar-stopped'
] as const;
type Saved = (typeof SAVED)[number];

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const user = requireUser(event);
	const saved = event.url.searchParams.get('saved');
	const devices = await signedInDevices(db, user.id, event.locals.session?.id ?? '');
	const feedMade = await calendarFeedSince(db, user.id);
	return {
		devices: devices.map((device) => ({
			handle: device.handle,
			device: device.device,
			firstUsed: formatStamp(device.firstUsedAt, user.timeZone),
			lastUsed: formatStamp(device.lastUsedAt, user.timeZone),
			isThisDevice: device.isThisDevice
		})),
		exitSite: user.role === 'therapist' ? ((await chosenExitSite(db, user.id)) ?? '') : null,
		exitSiteMaxLength: EXIT_SITE_MAX_LENGTH,
		defaultExitSite: DEFAULT_EXIT_SITE,
		displayName: user.displayName,
		email: user.email,
		role: user.role,
		emailConfirmed: await addressConfirmed(db, user.id),
		mailChoices: await mailChoices(db, user.id, user.role),
		// The practice's name is one of its policies; a therapist reads here what their mail says.
		senderName:
			user.role === 'therapist' && user.practiceId
				? ((await practicePolicies(db, user.practiceId)).name ?? DEFAULT_SENDER_NAME)
				: null,
		administrator: user.practiceRole === 'administrator',
		timeZone: user.timeZone,
		timeZones: timeZoneChoices(user.timeZone),
		calendarFeedMade: feedMade ? formatStamp(feedMade, user.timeZone) : null,
		saved: SAVED.find((name) => name === saved) ?? null
	};
};

function savedPath(what: Saved): string {
	return `/account?saved=${what}`;
}

export const actions: Actions = {
	// The address is shown once, in this answer only: the database keeps just its hash.
	startCalendar: async (event) => {
		const db = appDatabase();
		const user = requireUser(event);
		const token = await startCalendarFeed(db, requestActor(event, user.id), clock.now());
		return { calendarLink: `${event.url.origin}/calendar/${token}.ics` };
	},

	stopCalendar: async (event) => {
		const db = appDatabase();
		const user = requireUser(event);
		await stopCalendarFeed(db, requestActor(event, user.id), clock.now());
		redirect(303, savedPath('calendar-stopped'));
	},

	timeZone: async (event) => {
		const db = appDatabase();
		const user = requireUser(event);
		const { timeZone } = textFields(await readForm(event.request), ['timeZone']);
		if (!isTimeZone(timeZone))
			return fail(400, { timeZone, problem: 'Choose a time zone from the list.' });
		await setTimeZone(db, requestActor(event, user.id), timeZone, new Date());
		redirect(303, savedPath('time-zone'));
	},

	mailChoices: async (event) => {
		const db = appDatabase();
		const user = requireUser(event);
		// A box left unticked sends nothing: every kind shown on the page is chosen, ticked or not.
		const kinds = (await mailChoices(db, user.id, user.role)).map((choice) => choice.kind);
		const fields = textFields(
			await readForm(event.request),
			kinds.map((kind) => `wants-${kind}`)
		);
		const choices = Object.fromEntries(
			kinds.map((kind) => [kind, fields[`wants-${kind}`] === 'yes'])
		);
		await setMailChoices(db, requestActor(event, user.id), choices, clock.now());
		redirect(303, savedPath('mail'));
	},

	exitSite: async (event) => {
		const db = appDatabase();
		const therapist = await requireTherapist(event, db);
		const { exitSite: typed } = textFields(await readForm(event.request), ['exitSite']);
		const problem = exitSiteProblem(typed);
		if (problem) return fail(400, { exitSite: typed, exitSiteProblem: problem });
		await setExitSite(db, requestActor(event, therapist.id), typed, clock.now());
		redirect(303, savedPath('exit-site'));
	},

	signOutDevice: async (event) => {
		const db = appDatabase();
		const user = requireUser(event);
		const { device } = textFields(await readForm(event.request), ['device']);
		const result = await signOutDevice(
			db,
			requestActor(event, user.id),
			device,
			event.locals.session?.id ?? '',
			clock.now()
		);
		// Already signed out there, or never one of theirs: the same answer either way.
		if (result === 'not-found')
			return fail(404, { deviceProblem: 'That device is no longer signed in.' });
		if (result === 'signed-out-this-device') {
			deleteSessionCookie(event.cookies, event.url);
			redirect(303, '/sign-in?signed-out=1');
		}
		redirect(303, savedPath('device-signed-out'));
	},

	signOutEverywhere: async (event) => {
		const db = appDatabase();
		const user = requireUser(event);
		await signOutEverywhere(db, requestActor(event, user.id), clock.now());
		deleteSessionCookie(event.cookies, event.url);
		redirect(303, '/sign-in?signed-out=1');
	},

	sendConfirmation: async (event) => {
		const db = appDatabase();
		const user = requireUser(event);
		const now = clock.now();
		const result = await resendAddressConfirmation(db, requestActor(event, user.id), now);
		if (result.state === 'throttled') {
			const seconds = secondsUntil(result.retryAt, now);
			event.setHeaders({ 'Retry-After': String(seconds) });
			return fail(429, {
				confirmationProblem: `A link was sent a moment ago. Check your inbox (and its spam folder), or ask again in ${waitDescription(seconds)}.`
			});
		}
		redirect(303, result.state === 'sent' ? savedPath('link-sent') : '/account');
	}
};
