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
		const values = textFields(await readForm(event.request), ['acknowledgement']);
		const { problems, acknowledgement } = readAcknowledgement({ note: values.acknowledgement });
		if (!acknowledgement) return fail(400, { step: 'acknowledge' as const, values, problems });
		const outcome = await acknowledgeFlag(
			db,
			requestActor(event, therapist.id),
			event.params.flagId,
			acknowledgement,
			new Date()
		);
		if (outcome === 'not-found') error(404, 'Not found');
		if (outcome === 'out-of-order')
			return fail(409, { step: 'acknowledge' as const, outOfOrder: OUT_OF_ORDER });
		redirect(303, `/couples/${couple.id}/concerns/${event.params.flagId}?acknowledged`);
	},
	resolve: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		const flag = await coupleFlag(db, couple.id, event.params.flagId);
		if (!flag) error(404, 'Not found');
		const values = textFields(await readForm(event.request), RESOLUTION_FIELDS);
		const { problems, resolution } = readResolution(flag.kind, values);
		if (!resolution) return fail(400, { step: 'resolve' as const, values, problems });
		const outcome = await resolveFlag(
			db,
			requestActor(event, therapist.id),
			flag.id,
			resolution,
			new Date()
		);
		if (outcome === 'not-found') error(404, 'Not found');
		if (outcome === 'out-of-order')
			return fail(409, { step: 'resolve' as const, outOfOrder: OUT_OF_ORDER });
		redirect(303, `/couples/${couple.id}/concerns/${flag.id}?resolved`);
	}
};
