import type { Database } from '../database/open';
import { checkInPoints } from '../homework/check-ins';
import { isAddressedTo, isHandedIn } from '../homework/rules';

// A couple's progress over the weeks: each step, for each partner, when it
// was assigned, submitted and reviewed; the check-in scores; how much of the
// homework got done. The caller has checked the couple is this therapist's.

export interface StepProgress {
	step: number;
	byPartner: Array<{
		partnerId: string;
		assignedAt: string | null;
		submittedAt: string | null;
		reviewedAt: string | null;
	}>;
}

export interface CoupleProgress {
	partners: Array<{ id: string; displayName: string }>;
	steps: StepProgress[];
	checkIns: Array<{ partnerId: string; at: string; total: number }>;
	completion: { done: number; addressed: number };
}

export async function coupleProgress(db: Database, coupleId: string): Promise<CoupleProgress> {
	const [partners, assignments, responses] = await Promise.all([
		db
			.selectFrom('partners')
			.select(['id', 'display_name'])
			.where('couple_id', '=', coupleId)
			.orderBy('position')
			.execute(),
		db
			.selectFrom('assignments')
			.select(['id', 'step', 'partner_id', 'recurrence', 'created_at'])
			.where('couple_id', '=', coupleId)
			.where('cancelled_at', 'is', null)
			.execute(),
		db
			.selectFrom('responses')
			.innerJoin('assignments', 'assignments.id', 'responses.assignment_id')
			.select([
				'responses.assignment_id',
				'responses.partner_id',
				'responses.status',
				'responses.submitted_at',
				'responses.reviewed_at',
				'responses.total',
				'assignments.template_id',
				'assignments.recurrence'
			])
			.where('assignments.couple_id', '=', coupleId)
			.where('assignments.cancelled_at', 'is', null)
			.execute()
	]);

	const earliest = (values: Array<string | null>) =>
		values.filter((value): value is string => value !== null).sort()[0] ?? null;
	const steps: StepProgress[] = Array.from({ length: 10 }, (_, index) => index + 1).map((step) => {
		const forStep = assignments.filter((assignment) => assignment.step === step);
		return {
			step,
			byPartner: partners.map((partner) => {
				const addressed = forStep.filter((assignment) =>
					isAddressedTo({ partnerId: assignment.partner_id }, partner.id)
				);
				const own = responses.filter(
					(response) =>
						response.partner_id === partner.id &&
						addressed.some((assignment) => assignment.id === response.assignment_id)
				);
				return {
					partnerId: partner.id,
					assignedAt: earliest(addressed.map((assignment) => assignment.created_at)),
					submittedAt: earliest(
						own
							.filter((response) => isHandedIn(response.status))
							.map((response) => response.submitted_at)
					),
					reviewedAt: earliest(own.map((response) => response.reviewed_at))
				};
			})
		};
	});

	const checkIns = checkInPoints(
		responses.map((response) => ({
			templateId: response.template_id,
			partnerId: response.partner_id,
			status: response.status,
			submittedAt: response.submitted_at,
			total: response.total,
			recurrence: response.recurrence
		}))
	);

	// One piece of homework per assignment and partner it is addressed to (recurring check-ins aside).
	const once = assignments.filter((assignment) => assignment.recurrence === 'once');
	const addressed = once.flatMap((assignment) =>
		partners
			.filter((partner) => isAddressedTo({ partnerId: assignment.partner_id }, partner.id))
			.map((partner) => ({ assignment, partner }))
	);
	const done = addressed.filter(({ assignment, partner }) =>
		responses.some(
			(response) =>
				response.assignment_id === assignment.id &&
				response.partner_id === partner.id &&
				isHandedIn(response.status)
		)
	).length;

	return {
		partners: partners.map((partner) => ({ id: partner.id, displayName: partner.display_name })),
		steps,
		checkIns,
		completion: { done, addressed: addressed.length }
	};
}
