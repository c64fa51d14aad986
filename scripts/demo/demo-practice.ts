import type { Database } from '../../src/lib/server/database/open';
import type { Recurrence, ResponseStatus } from '../../src/lib/server/database/schema';
import { writeTransaction } from '../../src/lib/server/database/write-transaction';
import {
	createAccount,
	normalizeEmail,
	type NewAccount
} from '../../src/lib/server/accounts/accounts';
import { createCouple } from '../../src/lib/server/casework/couples';
import { newId } from '../../src/lib/server/database/ids';
import { SECRETS_POLICIES } from '../../src/lib/secrets-policy';
import { DEMO_ANSWERS, SECOND_COUPLE_ANSWERS } from './demo-answers';
import { recordMissingDifferences } from '../../src/lib/server/homework/differences';
import { recordMissingTotals } from '../../src/lib/server/homework/totals';

// A small made-up practice to explore and demonstrate the app with: two
// therapists, one couple each, sessions past and upcoming, and homework in
// several states.

export const DEMO_PASSWORD = 'common-ground-demo';

const DAY = 24 * 60 * 60 * 1000;

interface DemoHomework {
	templateId: string;
	step: number | null;
	/** 'both', or the partner's position. */
	who: 'both' | 1 | 2;
	note: string;
	recurrence?: Recurrence;
	/** Days from now it is due; the next session when absent. */
	dueInDays?: number;
	/** Each addressed partner's progress, by position. */
	progress: Partial<Record<1 | 2, ResponseStatus>>;
	/** Partners who shared their answers for the therapist with the other partner. */
	sharedBy?: Array<1 | 2>;
}

interface DemoCouple {
	name: string;
	policy: 'no-secrets' | 'limited-secrets';
	partners: [{ email: string; displayName: string }, { email: string; displayName: string }];
	homework: DemoHomework[];
}

interface DemoTherapist {
	email: string;
	displayName: string;
	timeZone: string;
	couple: DemoCouple;
}

export const DEMO_THERAPISTS: readonly DemoTherapist[] = [
	{
		email: 'therapist@example.com',
		displayName: 'Dr. Morgan Reyes',
		timeZone: 'Europe/London',
		couple: {
			name: 'Alex & Sam',
			policy: 'limited-secrets',
			partners: [
				{ email: 'alex@example.com', displayName: 'Alex' },
				{ email: 'sam@example.com', displayName: 'Sam' }
			],
			homework: [
				{
					templateId: 'accountability',
					step: 5,
					who: 'both',
					note: 'We have talked a lot about what went wrong between you. This week, each of you looks only at your own side. Be specific, and leave out what the other did: we will get to that. Plan two sittings of about twenty minutes; if it gets heavy, stop and come back to it.',
					progress: { 1: 'submitted', 2: 'submitted' },
					sharedBy: [1]
				},
				{
					templateId: 'core-issues',
					step: 6,
					who: 'both',
					note: 'Rate each area from your own side. You will probably see them differently, and that is useful, not a problem.',
					progress: { 1: 'submitted', 2: 'submitted' }
				},
				{
					templateId: 'taking-it-slow',
					step: 7,
					who: 2,
					note: 'Just for you, Sam: a few thoughts on pace before we talk about it together.',
					dueInDays: 9,
					progress: { 2: 'draft' }
				},
				{
					templateId: 'satisfaction-check-in',
					step: null,
					who: 'both',
					note: 'Four quick questions before each session, so we can see how things move over the weeks.',
					recurrence: 'before-each-session',
					progress: { 1: 'submitted', 2: 'submitted' }
				},
				{
					templateId: 'safety-check-in',
					step: null,
					who: 2,
					note: 'A short private check-in I ask everyone to do. Only I will see it.',
					progress: { 2: 'submitted' }
				},
				{
					templateId: 'breakup-reasons',
					step: 1,
					who: 'both',
					note: 'Before anything else: look honestly at what ended things.',
					dueInDays: -8,
					progress: { 1: 'reviewed', 2: 'submitted' }
				}
			]
		}
	},
	{
		email: 'therapist2@example.com',
		displayName: 'Dr. Priya Natarajan',
		timeZone: 'America/New_York',
		couple: {
			name: 'Jordan & Casey',
			policy: 'no-secrets',
			partners: [
				{ email: 'jordan@example.com', displayName: 'Jordan' },
				{ email: 'casey@example.com', displayName: 'Casey' }
			],
			homework: [
				{
					templateId: 'reconnecting',
					step: 4,
					who: 'both',
					note: 'Keep it light this week: plan one short, easy contact and notice how it goes.',
					dueInDays: -1,
					progress: { 1: 'draft' }
				},
				{
					templateId: 'accountability',
					step: 5,
					who: 'both',
					note: 'Your own part only, in concrete behaviours.',
					progress: { 2: 'submitted' }
				}
			]
		}
	}
];

export const DEMO_EMAILS: readonly string[] = DEMO_THERAPISTS.flatMap((therapist) => [
	therapist.email,
	...therapist.couple.partners.map((partner) => partner.email)
]);

export class NotADemoDatabaseError extends Error {
	override name = 'NotADemoDatabaseError';
}

export interface DemoSeedReport {
	created: string[];
	alreadyThere: string[];
}

/**
 * Loads the demo practice. A database holding any account outside the demo
 * belongs to a real practice: it is refused untouched. Running it again adds
 * only what is missing.
 */
export async function seedDemoPractice(db: Database, now = new Date()): Promise<DemoSeedReport> {
	return writeTransaction(db, async (trx) => {
		const accounts = await trx.selectFrom('users').select('email').execute();
		const outsiders = accounts.filter((account) => !DEMO_EMAILS.includes(account.email));
		if (outsiders.length > 0) {
			throw new NotADemoDatabaseError(
				`This database holds ${outsiders.length} account(s) that are not part of the demo; the demo is loaded only into an empty or demo-only database.`
			);
		}

		const report: DemoSeedReport = { created: [], alreadyThere: [] };
		for (const therapist of DEMO_THERAPISTS) {
			const therapistId = await ensureAccount(
				trx,
				report,
				{
					email: therapist.email,
					displayName: therapist.displayName,
					password: DEMO_PASSWORD,
					role: 'therapist',
					timeZone: therapist.timeZone
				},
				now
			);
			const { coupleId, isNew } = await ensureCouple(trx, therapistId, therapist.couple, now);
			const partners = await trx
				.selectFrom('partners')
				.select(['id', 'position', 'user_id'])
				.where('couple_id', '=', coupleId)
				.orderBy('position')
				.execute();
			for (const [index, partner] of therapist.couple.partners.entries()) {
				const slot = partners[index]!;
				// Named by their place (createCouple), as a therapist names partners before they join.
				const userId = await ensureAccount(
					trx,
					report,
					{
						email: partner.email,
						password: DEMO_PASSWORD,
						role: 'partner',
						timeZone: therapist.timeZone
					},
					now
				);
				if (slot.user_id === null) {
					await trx
						.updateTable('partners')
						.set({
							user_id: userId,
							joined_at: now.toISOString(),
							policy_acknowledged_at: now.toISOString()
						})
						.where('id', '=', slot.id)
						.execute();
				}
			}
			if (isNew) await addCasework(trx, therapistId, coupleId, therapist.couple, now);
		}
		// The casework is written straight into the tables: work out what the app keeps when work is handed in.
		await recordMissingTotals(trx);
		await recordMissingDifferences(trx);
		return report;
	});
}

async function ensureAccount(
	db: Database,
	report: DemoSeedReport,
	account: NewAccount,
	now: Date
): Promise<string> {
	const found = await db
		.selectFrom('users')
		.select('id')
		.where('email', '=', normalizeEmail(account.email))
		.executeTakeFirst();
	if (found) {
		report.alreadyThere.push(account.email);
		return found.id;
	}
	report.created.push(account.email);
	return createAccount(db, account, now);
}

async function ensureCouple(
	db: Database,
	therapistId: string,
	couple: DemoCouple,
	now: Date
): Promise<{ coupleId: string; isNew: boolean }> {
	const found = await db
		.selectFrom('couples')
		.select('id')
		.where('therapist_id', '=', therapistId)
		.where('name', '=', couple.name)
		.executeTakeFirst();
	if (found) return { coupleId: found.id, isNew: false };
	const policy = SECRETS_POLICIES.find((candidate) => candidate.value === couple.policy)!;
	const coupleId = await createCouple(
		db,
		therapistId,
		{
			name: couple.name,
			partnerNames: [couple.partners[0].displayName, couple.partners[1].displayName],
			secretsPolicy: policy.value,
			policyText: policy.defaultText
		},
		now
	);
	return { coupleId, isNew: true };
}

/** One session held a week ago, two to come; homework in several states. */
async function addCasework(
	db: Database,
	therapistId: string,
	coupleId: string,
	couple: DemoCouple,
	now: Date
): Promise<void> {
	const at = (days: number, hour: number) => {
		const day = new Date(now.getTime() + days * DAY);
		day.setUTCHours(hour, 0, 0, 0);
		return day.toISOString();
	};
	const sessions = [
		{ startsAt: at(-7, 17), status: 'held' as const },
		{ startsAt: at(2, 17), status: 'scheduled' as const },
		{ startsAt: at(9, 17), status: 'scheduled' as const }
	];
	const sessionIds: string[] = [];
	for (const session of sessions) {
		const id = newId();
		sessionIds.push(id);
		await db
			.insertInto('therapy_sessions')
			.values({
				id,
				couple_id: coupleId,
				starts_at: session.startsAt,
				duration_minutes: 50,
				format: 'in-person',
				agenda: '',
				status: session.status,
				created_at: now.toISOString(),
				updated_at: now.toISOString()
			})
			.execute();
	}
	const nextSessionId = sessionIds[1]!;
	const nextSessionAt = sessions[1]!.startsAt;
	const answersByTemplate =
		couple === DEMO_THERAPISTS[0]!.couple ? DEMO_ANSWERS : SECOND_COUPLE_ANSWERS;

	const partners = await db
		.selectFrom('partners')
		.select(['id', 'position'])
		.where('couple_id', '=', coupleId)
		.orderBy('position')
		.execute();
	const versions = await db
		.selectFrom('worksheet_template_versions')
		.select(['template_id', 'version'])
		.execute();
	for (const homework of couple.homework) {
		const assignmentId = newId();
		const recurrence = homework.recurrence ?? 'once';
		await db
			.insertInto('assignments')
			.values({
				id: assignmentId,
				couple_id: coupleId,
				step: homework.step,
				template_id: homework.templateId,
				partner_id: homework.who === 'both' ? null : partners[homework.who - 1]!.id,
				due_at:
					recurrence === 'once'
						? homework.dueInDays === undefined
							? nextSessionAt
							: at(homework.dueInDays, 9)
						: null,
				note: homework.note,
				recurrence,
				cancelled_at: null,
				created_by: therapistId,
				created_at: at(-10, 12),
				updated_at: at(-10, 12)
			})
			.execute();
		const version = Math.max(
			0,
			...versions.filter((row) => row.template_id === homework.templateId).map((row) => row.version)
		);
		if (version === 0) continue;
		for (const [position, status] of Object.entries(homework.progress) as Array<
			[string, ResponseStatus]
		>) {
			const partner = partners[Number(position) - 1]!;
			const answers = answersByTemplate[homework.templateId]?.[Number(position) as 1 | 2] ?? {};
			await db
				.insertInto('responses')
				.values({
					id: newId(),
					assignment_id: assignmentId,
					partner_id: partner.id,
					occurrence: recurrence === 'once' ? 'once' : nextSessionId,
					template_version: version,
					answers: JSON.stringify(answers),
					revision: status === 'draft' ? 3 : 1,
					share_therapist_fields: homework.sharedBy?.includes(Number(position) as 1 | 2) ? 1 : 0,
					share_shared_fields: 1,
					changed_after_submit_at: null,
					status,
					started_at: at(-4, 19),
					updated_at: at(-1, 20),
					submitted_at: status === 'draft' ? null : at(-1, 20),
					reviewed_at: status === 'reviewed' ? at(-1, 21) : null
				})
				.execute();
			if (homework.recurrence === 'before-each-session') {
				// Earlier weeks' check-ins, so the trend has a history: Sam's falling, Alex's steady.
				const history = Number(position) === 1 ? [13, 12, 12] : [16, 14, 12];
				for (const [weeksAgo, total] of history.map(
					(total, index) => [history.length - index + 1, total] as const
				)) {
					await db
						.insertInto('responses')
						.values({
							id: newId(),
							assignment_id: assignmentId,
							partner_id: partner.id,
							occurrence: `earlier-${weeksAgo}`,
							template_version: version,
							answers: JSON.stringify(satisfactionAnswers(total)),
							revision: 1,
							status: 'reviewed',
							started_at: at(-7 * weeksAgo - 1, 19),
							updated_at: at(-7 * weeksAgo - 1, 19),
							submitted_at: at(-7 * weeksAgo - 1, 19),
							reviewed_at: at(-7 * weeksAgo, 16),
							share_therapist_fields: 0,
							share_shared_fields: 0,
							changed_after_submit_at: null
						})
						.execute();
				}
			}
			if (homework.templateId === 'safety-check-in' && status !== 'draft') {
				// As the app does on submission: a concerning safety check-in flags the therapist.
				const response = await db
					.selectFrom('responses')
					.select('id')
					.where('assignment_id', '=', assignmentId)
					.where('partner_id', '=', partner.id)
					.executeTakeFirstOrThrow();
				await db
					.insertInto('flags')
					.values({
						id: newId(),
						couple_id: coupleId,
						partner_id: partner.id,
						response_id: response.id,
						kind: 'safety',
						raised_at: at(-1, 20),
						resolved_at: null
					})
					.execute();
			}
		}
	}
}

const CSI_OPTIONS = {
	happiness: [
		'extremely-unhappy',
		'fairly-unhappy',
		'a-little-unhappy',
		'happy',
		'very-happy',
		'extremely-happy',
		'perfect'
	],
	'warm-and-comfortable': [
		'not-at-all-true',
		'a-little-true',
		'somewhat-true',
		'mostly-true',
		'almost-completely-true',
		'completely-true'
	],
	rewarding: ['not-at-all', 'a-little', 'somewhat', 'mostly', 'almost-completely', 'completely'],
	satisfied: ['not-at-all', 'a-little', 'somewhat', 'mostly', 'almost-completely', 'completely']
} as const;

/** CSI-4 answers adding up to a total (0-21), spread evenly over the four items. */
function satisfactionAnswers(total: number): Record<string, string> {
	const keys = Object.keys(CSI_OPTIONS) as Array<keyof typeof CSI_OPTIONS>;
	const answers: Record<string, string> = {};
	let left = total;
	keys.forEach((key, index) => {
		const options = CSI_OPTIONS[key];
		const share = Math.min(options.length - 1, Math.round(left / (keys.length - index)));
		answers[key] = options[share]!;
		left -= share;
	});
	return answers;
}
