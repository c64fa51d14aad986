import type { PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import { coupleProgress } from '$lib/server/views/progress';
import { PROGRAM_STEPS } from '$lib/steps/steps';
import { formatShortDateTime } from '$lib/time';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	const progress = await coupleProgress(db, couple.id);
	await recordAudit(db, requestActor(event, therapist.id), 'casework.view', {
		type: 'progress',
		id: couple.id
	});
	const zone = therapist.timeZone;
	const day = (iso: string | null) => (iso ? formatShortDateTime(iso, zone) : null);
	return {
		coupleId: couple.id,
		coupleName: couple.name,
		partners: progress.partners,
		steps: progress.steps.map((step) => ({
			number: step.step,
			title: PROGRAM_STEPS.find((candidate) => candidate.number === step.step)?.title ?? '',
			byPartner: step.byPartner.map((entry) => ({
				...entry,
				assigned: day(entry.assignedAt),
				submitted: day(entry.submittedAt),
				reviewed: day(entry.reviewedAt)
			}))
		})),
		checkIns: progress.checkIns.map((point) => ({ ...point, when: day(point.at)! })),
		completion: progress.completion
	};
};
