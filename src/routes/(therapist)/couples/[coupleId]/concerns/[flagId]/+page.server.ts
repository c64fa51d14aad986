import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import {
	acknowledgeFlag,
	coupleFlag,
	readAcknowledgement,
	readResolution,
	readSeenTier,
	resolveFlag,
	withTimes
} from '$lib/server/casework/flag-follow-up';
import { readForm, textFields } from '$lib/server/http/form';

const RESOLUTION_FIELDS = [
	'note',
	'contactMade',
	'contact',
	'riskAssessed',
	'riskLevel',
	'safetyPlanMade',
	'jointSessions'
] as const;

const OUT_OF_ORDER =
	'This concern has moved on since you opened the page. Here is where it stands.';

// A page that does not say which tier it showed (a forged post, or a page
// opened before the forms carried it): refused, the words kept, the form now
// showing the tier.
const UNSEEN =
	'We could not tell which version of this concern you read. Read it again below, then send your words.';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	const flag = await coupleFlag(db, couple.id, event.params.flagId);
	if (!flag) error(404, 'Not found');
	await recordAudit(db, requestActor(event, therapist.id), 'casework.view', {
		type: 'flag',
		id: flag.id
	});
	return {
		coupleId: couple.id,
		coupleName: couple.name,
		flag: withTimes(flag, therapist.timeZone)
	};
};

export const actions: Actions = {
	acknowledge: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		const { seenTier: seen, ...values } = textFields(await readForm(event.request), [
			'seenTier',
			'acknowledgement'
		]);
		const seenTier = readSeenTier(seen);
		if (!seenTier) return fail(400, { step: 'acknowledge' as const, values, unseen: UNSEEN });
		const { problems, acknowledgement } = readAcknowledgement({ note: values.acknowledgement });
		if (!acknowledgement) return fail(400, { step: 'acknowledge' as const, values, problems });
		const outcome = await acknowledgeFlag(
			db,
			requestActor(event, therapist.id),
			event.params.flagId,
			seenTier,
			acknowledgement,
			new Date()
		);
		if (outcome === 'not-found') error(404, 'Not found');
		// The page shows the flag as it is now; the words wait in the form.
		if (outcome === 'changed')
			return fail(409, { step: 'acknowledge' as const, values, changedFrom: seenTier });
		if (outcome === 'out-of-order')
			return fail(409, { step: 'acknowledge' as const, values, outOfOrder: OUT_OF_ORDER });
		redirect(303, `/couples/${couple.id}/concerns/${event.params.flagId}?acknowledged`);
	},
	resolve: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		const flag = await coupleFlag(db, couple.id, event.params.flagId);
		if (!flag) error(404, 'Not found');
		const { seenTier: seen, ...values } = textFields(await readForm(event.request), [
			'seenTier',
			...RESOLUTION_FIELDS
		]);
		const seenTier = readSeenTier(seen);
		if (!seenTier) return fail(400, { step: 'resolve' as const, values, unseen: UNSEEN });
		const { problems, resolution } = readResolution(flag.kind, values);
		if (!resolution) return fail(400, { step: 'resolve' as const, values, problems });
		const outcome = await resolveFlag(
			db,
			requestActor(event, therapist.id),
			flag.id,
			seenTier,
			resolution,
			new Date()
		);
		if (outcome === 'not-found') error(404, 'Not found');
		if (outcome === 'changed')
			return fail(409, { step: 'resolve' as const, values, changedFrom: seenTier });
		if (outcome === 'out-of-order')
			return fail(409, { step: 'resolve' as const, values, outOfOrder: OUT_OF_ORDER });
		redirect(303, `/couples/${couple.id}/concerns/${flag.id}?resolved`);
	}
};
