import type { RequestHandler } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import { refuse } from '$lib/server/access/signed-in';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { latestBuiltinTemplate } from '$lib/server/library/worksheet-templates';
import { ownTemplate } from '$lib/server/library/own-templates';
import { questionnaireOf } from '$lib/worksheets/fhir/questionnaire';

// A worksheet (built-in, or the therapist's own) as a FHIR R4 Questionnaire
// to download. Another therapist's own is refused as if it did not exist.

export const GET: RequestHandler = async (event) => {
	const db = appDatabase();
	const therapist = await requireTherapist(event, db);
	const id = event.params.templateId;
	const stored = (await latestBuiltinTemplate(db, id)) ?? (await ownTemplate(db, therapist.id, id));
	if (!stored) return refuse(event, db, therapist);
	await recordAudit(db, requestActor(event, therapist.id), 'worksheet.export', {
		type: 'worksheet',
		id
	});
	const body = JSON.stringify(questionnaireOf(stored.template, stored.version), null, 2);
	return new Response(body, {
		headers: {
			'Content-Type': 'application/fhir+json; charset=utf-8',
			'Content-Disposition': `attachment; filename="${id}-v${stored.version}.questionnaire.json"`,
			'Cache-Control': 'no-store'
		}
	});
};
