import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { recordAudit } from '$lib/server/audit/audit';
import { requestActor } from '$lib/server/audit/actor';
import { requireTherapistCouple } from '$lib/server/access/therapist';
import { coupleProgress } from '$lib/server/views/progress';
import {
	readMeasurementSettings,
	saveMeasurementSettings
} from '$lib/server/casework/measurement-settings';
import { readForm, textFields } from '$lib/server/http/form';
import { formatShortDate, formatStamp } from '$lib/time';
import { CHANGE_LABELS } from '$lib/worksheets/reliable-change';
import { CSI4_ITEMS, satisfactionCheckIn } from '$lib/worksheets/builtin/satisfaction-check-in';
import { RELATIONSHIP_STATUS_LABELS } from './relationship-status';

export const load: PageServerLoad = async (event) => {
	const db = appDatabase();
	const { therapist, couple } = await requireTherapistCouple(event, db);
	const progress = await coupleProgress(db, couple.id);
	await recordAudit(db, requestActor(event, therapist.id), 'casework.view', {
		type: 'progress',
		id: couple.id
	});
	// The item table shows what each check-in answered: worksheet content, read.
	await recordAudit(
		db,
		requestActor(event, therapist.id),
		'response.read',
		progress.answersRead.map((id) => ({ type: 'response', id }))
	);
	const zone = therapist.timeZone;
	const day = (iso: string | null) => (iso ? formatStamp(iso, zone) : null);
	const nameOf = (id: string) =>
		progress.partners.find((partner) => partner.id === id)?.displayName ?? '';
	const baselineOf = new Map(
		progress.measures.changes.map((change) => [change.partnerId, change.baseline])
	);
	return {
		coupleId: couple.id,
		coupleName: couple.name,
		zone,
		partners: progress.partners,
		programTitle: progress.programTitle,
		steps: progress.steps.map((step) => ({
			id: step.id,
			number: step.step,
			title: step.title,
			inProgram: step.inProgram,
			byPartner: step.byPartner.map((entry) => ({
				...entry,
				assigned: day(entry.assignedAt),
				submitted: day(entry.submittedAt),
				reviewed: day(entry.reviewedAt)
			}))
		})),
		summaries: progress.summaries,
		changes: progress.measures.changes.map((change) => ({
			partnerId: change.partnerId,
			name: nameOf(change.partnerId),
			label: CHANGE_LABELS[change.label],
			clinicallySignificant: change.clinicallySignificant,
			notOnTrack: change.notOnTrack
		})),
		flags: progress.flags,
		checkIns: progress.checkIns.map((point) => ({
			partnerId: point.partnerId,
			at: point.at,
			total: point.total,
			when: day(point.at)!,
			date: formatShortDate(point.at, zone),
			fromBaseline: point.total - (baselineOf.get(point.partnerId) ?? point.total),
			relationshipStatus: point.relationshipStatus
				? (RELATIONSHIP_STATUS_LABELS[point.relationshipStatus] ?? null)
				: null,
			items: CSI4_ITEMS.map((key) => point.items[key] ?? null),
			flags: point.flags
		})),
		items: CSI4_ITEMS.map((key, index) => ({
			key,
			number: index + 1,
			label: satisfactionCheckIn.fields.find((field) => field.key === key)?.label ?? key
		})),
		gaps: progress.measures.gaps.map((gap) => ({ ...gap, when: day(gap.at)! })),
		gapWidening: progress.measures.gapWideningFlag,
		feedback: progress.feedback.map((point) => ({
			partnerId: point.partnerId,
			at: point.sessionAt ?? point.at,
			total: point.total,
			session: point.sessionAt ? day(point.sessionAt) : null,
			when: day(point.at)!,
			date: formatShortDate(point.sessionAt ?? point.at, zone),
			split: point.split
		})),
		sessions: progress.sessions.map((session) => ({
			at: session.startsAt,
			when: day(session.startsAt)!,
			date: formatShortDate(session.startsAt, zone),
			held: session.status !== 'scheduled'
		})),
		stepsAssigned: progress.stepsAssigned.map((entry) => ({
			...entry,
			when: day(entry.at)!,
			date: formatShortDate(entry.at, zone)
		})),
		settings: progress.settings,
		reliableDifference: Math.round(progress.reliableDifference * 10) / 10,
		completion: progress.completion
	};
};

export const actions: Actions = {
	settings: async (event) => {
		const db = appDatabase();
		const { therapist, couple } = await requireTherapistCouple(event, db);
		const form = textFields(await readForm(event.request), ['notOnTrackAfter', 'checkInLeadHours']);
		const { settings, problems } = readMeasurementSettings(form);
		if (!settings) return fail(400, { problems, values: form });
		if (
			!(await saveMeasurementSettings(
				db,
				requestActor(event, therapist.id),
				couple.id,
				settings,
				new Date()
			))
		)
			error(404, 'Not found');
		return { settingsSaved: true };
	}
};
