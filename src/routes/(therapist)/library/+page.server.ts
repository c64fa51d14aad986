import type { PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireTherapist } from '$lib/server/access/therapist';
import { latestBuiltinTemplates } from '$lib/server/library/worksheet-templates';
import { ownTemplates } from '$lib/server/library/own-templates';
import { PROGRAM_STEPS } from '$lib/steps/steps';
import { isCheckIn } from '$lib/worksheets/template';

export interface WorksheetListing {
	id: string;
	title: string;
	minutes: number;
	private: boolean;
	scored: boolean;
}

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const therapist = await requireTherapist(event, db);
	const [templates, own] = await Promise.all([
		latestBuiltinTemplates(db),
		ownTemplates(db, therapist.id)
	]);
	const listing = (id: string): WorksheetListing[] => {
		const stored = templates.get(id);
		if (!stored) return [];
		const { template } = stored;
		return [
			{
				id,
				title: template.title,
				minutes: template.minutes,
				private: template.privacy === 'private',
				scored: template.scoring !== undefined
			}
		];
	};
	return {
		steps: PROGRAM_STEPS.map((step) => ({
			...step,
			worksheets: step.worksheetIds.flatMap(listing)
		})),
		checkIns: [...templates.values()]
			.filter((stored) => isCheckIn(stored.template))
			.flatMap((stored) => listing(stored.template.id)),
		own: own.map(({ template, version, archived }) => ({
			id: template.id,
			title: template.title,
			minutes: template.minutes,
			private: template.privacy === 'private',
			scored: template.scoring !== undefined,
			version,
			archived
		})),
		deleted: event.url.searchParams.has('deleted')
	};
};
