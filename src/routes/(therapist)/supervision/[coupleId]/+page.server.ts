import type { PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireSupervisedCouple } from '$lib/server/access/therapist';
import { coupleProgress } from '$lib/server/views/progress';
import { formatStamp } from '$lib/time';
import * as clock from '$lib/server/clock';

// A supervisor's read-only view of a couple's progress. No actions: the
// guard refuses any method but GET, and this page offers none.

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { supervisor, couple } = await requireSupervisedCouple(event, db, clock.now());
	const progress = await coupleProgress(db, couple.id);
	const day = (iso: string | null) => (iso ? formatStamp(iso, supervisor.timeZone) : null);
	return {
		coupleName: couple.name,
		partners: progress.partners,
		steps: progress.steps.map((step) => ({
			id: step.id,
			number: step.step,
			title: step.title,
			byPartner: step.byPartner.map((entry) => ({
				partnerId: entry.partnerId,
				assigned: day(entry.assignedAt),
				submitted: day(entry.submittedAt),
				reviewed: day(entry.reviewedAt)
			}))
		})),
		completion: progress.completion
	};
};
