import type { Database } from '../../src/lib/server/database/open';
import type {
	Recurrence,
	ResponseStatus,
	SharedRelease
} from '../../src/lib/server/database/schema';
import { writeTransaction } from '../../src/lib/server/database/write-transaction';
import {
	createAccount,
	normalizeEmail,
	type NewAccount
} from '../../src/lib/server/accounts/accounts';
import { createCouple } from '../../src/lib/server/casework/couples';
import { createPractice } from '../../src/lib/server/practice/practices';
import { SECRETS_POLICIES } from '../../src/lib/secrets-policy';
import { DEMO_ANSWERS, SECOND_COUPLE_ANSWERS } from './demo-answers';
import { scheduleSession, setSessionStatus } from '../../src/lib/server/casework/therapy-sessions';
import { assignHomework } from '../../src/lib/server/homework/assignments';
import { handIn, storeDraft } from '../../src/lib/server/homework/hand-in';
import { markReviewed } from '../../src/lib/server/homework/review';
import { latestBuiltinTemplates } from '../../src/lib/server/library/worksheet-templates';
import { checkedAnswers } from './checked-answers';
import { builtinTemplate } from '../../src/lib/worksheets/builtin';

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
	/** When the other partner may read what is shared; the worksheet's default when absent. */
	release?: SharedRelease;
	/** Days from now it was handed in; yesterday when absent. */
	handedInInDays?: number;
	/**
	 * Earlier weeks' check-ins of a recurring one, oldest first, one a week before the
	 * latest, so the progress page has a history to read.
	 */
	history?: Partial<Record<1 | 2, Array<{ total: number; status: string }>>>;
}

const apartThenInContact = ['apart', 'apart', 'in-contact', 'in-contact'];
const week = (totals: number[], statuses = apartThenInContact) =>
	totals.map((total, index) => ({ total, status: statuses[index]! }));

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
					sharedBy: [1],
					// Released when handed in, so that Sam can already read what Alex shared.
					release: 'handed-in'
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
					progress: { 1: 'submitted', 2: 'submitted' },
					// Every label on the progress page: Alex 9 → 14, a reliable improvement across
					// the line; Sam 17 → 9, a reliable deterioration, not on track after 4 sessions;
					// the gap between them wide again and widening (1 point last week, 5 now).
					history: { 1: week([9, 10, 11, 13]), 2: week([17, 16, 14, 12]) }
				},
				{
					templateId: 'session-feedback',
					step: null,
					who: 'both',
					note: 'A few questions after each session about how it was for you. Only I read them.',
					recurrence: 'before-each-session',
					progress: { 1: 'submitted', 2: 'submitted' },
					handedInInDays: -6
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
				},
				{
					templateId: 'satisfaction-check-in',
					step: null,
					who: 'both',
					note: 'Four quick questions before each session.',
					recurrence: 'before-each-session',
					progress: { 1: 'submitted', 2: 'submitted' },
					// No reliable change for either: Jordan still below the line after 4 sessions,
					// so not on track; Casey steady above it.
					history: {
						1: week([10, 11, 10, 11], Array<string>(4).fill('in-contact')),
						2: week([15, 14, 16, 15], Array<string>(4).fill('in-contact'))
					}
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
		const practiceId = await ensureDemoPractice(trx, now);
		for (const [index, therapist] of DEMO_THERAPISTS.entries()) {
			const therapistId = await ensureAccount(
				trx,
				report,
				{
					email: therapist.email,
					displayName: therapist.displayName,
					password: DEMO_PASSWORD,
					role: 'therapist',
					timeZone: therapist.timeZone,
					// The first demo therapist administers the practice; the second is a colleague.
					practice: { id: practiceId, role: index === 0 ? 'administrator' : 'member' }
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
		// Made-up addresses count as confirmed, so the demo shows mail as it would go out. Only
		// now, after the casework: its past weeks send nothing.
		await trx
			.updateTable('users')
			.set({ email_confirmed_at: now.toISOString() })
			.where('email', 'in', DEMO_EMAILS)
			.where('email_confirmed_at', 'is', null)
			.execute();
		return report;
	});
}

/**
 * The demo's practice: the one its therapists are in already, or a new one.
 * It does not require two-step sign-in, so that anyone can look around with
 * the demo password; a real practice requires it from the start (setup).
 */
async function ensureDemoPractice(db: Database, now: Date): Promise<string> {
	const existing = await db
		.selectFrom('users')
		.select('practice_id')
		.where('email', 'in', DEMO_EMAILS)
		.where('practice_id', 'is not', null)
		.executeTakeFirst();
	if (existing?.practice_id) return existing.practice_id;
	return createPractice(db, { twoStepRequired: false }, now);
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
		{ userId: therapistId, clientAddress: null },
		{
			name: couple.name,
			partnerNames: [couple.partners[0].displayName, couple.partners[1].displayName],
			secretsPolicy: policy.value,
			policyText: policy.defaultText,
			// The demo's homework is set out by hand for the walkthrough; screenings
			// arriving as its clock moves would change what every test of it reads.
			screening: { on: false, everyWeeks: 6 }
		},
		now
	);
	return { coupleId, isNew: true };
}

/**
 * One session held a week ago, two to come; homework in several states. All
 * of it goes through the app's own writes (scheduling, assigning, the hand-in
 * path, reviewing), dated as if it had happened over the past weeks, so the
 * demo holds exactly what the app would have stored: totals, flags,
 * differences and audit rows included.
 */
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
		return day;
	};
	const therapist = { userId: therapistId, clientAddress: null };
	const session = (startsAt: Date) =>
		scheduleSession(
			db,
			therapist,
			coupleId,
			{ startsAt, durationMinutes: 50, format: 'in-person', agenda: '' },
			at(-10, 12)
		);
	const heldId = (await session(at(-7, 17)))!;
	await setSessionStatus(db, therapist, heldId, 'held', at(-7, 18));
	const nextSessionId = (await session(at(2, 17)))!;
	await session(at(9, 17));
	const nextSessionAt = at(2, 17).toISOString();
	const answersByTemplate =
		couple === DEMO_THERAPISTS[0]!.couple ? DEMO_ANSWERS : SECOND_COUPLE_ANSWERS;

	const partners = await db
		.selectFrom('partners')
		.select(['id', 'position', 'user_id'])
		.where('couple_id', '=', coupleId)
		.orderBy('position')
		.execute();
	const templates = await latestBuiltinTemplates(db);
	for (const homework of couple.homework) {
		// Before the built-in worksheets are stored, assigning one fails on its foreign key and
		// the whole seed is undone.
		const stored = templates.get(homework.templateId) ?? {
			template: builtinTemplate(homework.templateId)!,
			version: 1
		};
		const recurrence = homework.recurrence ?? 'once';
		const [assignmentId] = (await assignHomework(
			db,
			therapist,
			coupleId,
			{
				template: stored.template,
				addressees: [homework.who === 'both' ? null : partners[homework.who - 1]!.id],
				dueAt:
					recurrence === 'once'
						? homework.dueInDays === undefined
							? nextSessionAt
							: at(homework.dueInDays, 9).toISOString()
						: null,
				note: homework.note,
				recurrence,
				release: homework.release
			},
			at(-10, 12)
		))!;
		for (const [position, status] of Object.entries<ResponseStatus>(homework.progress)) {
			const place = partners[Number(position) - 1]!;
			const partner = { partnerId: place.id, coupleId };
			const actor = { userId: place.user_id!, clientAddress: null };
			const answers = answersByTemplate[homework.templateId]?.[Number(position) as 1 | 2] ?? {};
			const target = (occurrence: string) => ({
				assignmentId: assignmentId!,
				template: stored.template,
				version: stored.version,
				occurrence,
				responseId: null,
				revision: 0
			});
			const occurrence = recurrence === 'once' ? 'once' : nextSessionId;
			if (status === 'draft') {
				await storeDraft(
					db,
					actor,
					partner,
					target(occurrence),
					checkedAnswers(stored.template, answers, 'draft'),
					at(-1, 20)
				);
				continue;
			}
			const sharing = {
				therapistFields: homework.sharedBy?.includes(Number(position) as 1 | 2) ?? false,
				sharedFields: true
			};
			const { responseId } = await handIn(
				db,
				actor,
				partner,
				target(occurrence),
				checkedAnswers(stored.template, answers, 'submit'),
				sharing,
				at(homework.handedInInDays ?? -1, 20)
			);
			if (status === 'reviewed')
				await markReviewed(db, therapist, coupleId, responseId, at(-1, 21));
			const history = homework.history?.[Number(position) as 1 | 2] ?? [];
			for (const [index, earlier] of history.entries()) {
				const weeksAgo = history.length - index;
				const handedIn = await handIn(
					db,
					actor,
					partner,
					target(`earlier-${weeksAgo}`),
					checkedAnswers(
						stored.template,
						satisfactionAnswers(earlier.total, earlier.status),
						'submit'
					),
					{ therapistFields: false, sharedFields: false },
					at(-7 * weeksAgo - 1, 19)
				);
				await markReviewed(db, therapist, coupleId, handedIn.responseId, at(-7 * weeksAgo, 16));
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

/** CSI-4 answers adding up to a total (0-21), spread evenly over the four items, and where the couple stands. */
function satisfactionAnswers(total: number, status: string): Record<string, string> {
	const keys = Object.keys(CSI_OPTIONS) as Array<keyof typeof CSI_OPTIONS>;
	const answers: Record<string, string> = {};
	let left = total;
	keys.forEach((key, index) => {
		const options = CSI_OPTIONS[key];
		const share = Math.min(options.length - 1, Math.round(left / (keys.length - index)));
		answers[key] = options[share]!;
		left -= share;
	});
	answers['relationship-status'] = status;
	return answers;
}
