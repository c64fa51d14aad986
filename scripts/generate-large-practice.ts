// `npm run generate:large [-- --size small|stress|practice]`: a NEW database
// at DATABASE_PATH (or an empty PostgreSQL database at DATABASE_URL) holding a large made-up practice to measure pages against:
// couples (both partners joined) with about four sessions each around now,
// homework across the built-in worksheets and about 67 responses per couple,
// each with valid answers. The sizes (SIZES below) are one therapist with 30
// couples, one with 300 (the default), and 100 therapists with 30 couples
// each. Sign in as bench@example.com (the first therapist) with the demo
// password. Never touches an existing file, nor a database with accounts.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Insertable } from 'kysely';
import { openDatabase, type Database } from '../src/lib/server/database/open';
import { migrateToLatest } from '../src/lib/server/database/migrate';
import { describeLocation, openLocation } from '../src/lib/server/database/app-database';
import { isPostgresLocation } from '../src/lib/server/database/engine';
import type { DB, ResponseStatus } from '../src/lib/server/database/schema';
import { writeTransaction } from '../src/lib/server/database/write-transaction';
import { handIn, storeDraft } from '../src/lib/server/homework/hand-in';
import { addFeedback, markReviewed } from '../src/lib/server/homework/review';
import { StartupError } from '../src/lib/server/startup/startup-error';
import { DEMO_PASSWORD } from './demo/demo-practice';
import { DEMO_ANSWERS } from './demo/demo-answers';
import { checkedAnswers } from './demo/checked-answers';
import { hashPassword } from '../src/lib/server/accounts/password';
import { newId } from '../src/lib/server/database/ids';
import {
	latestBuiltinTemplates,
	syncBuiltinTemplates
} from '../src/lib/server/library/worksheet-templates';
import { BUILTIN_TEMPLATES } from '../src/lib/worksheets/builtin';
import { SECRETS_POLICIES } from '../src/lib/secrets-policy';
import { validateAnswers } from '../src/lib/worksheets/validate';
import { isConcerning } from '../src/lib/worksheets/concern';
import type { Answers, GroupRow, SimpleAnswer } from '../src/lib/worksheets/answers';
import type { SimpleField, WorksheetTemplate } from '../src/lib/worksheets/template';

/** The practices to measure against: each therapist's couples hold about 67 responses each. */
const SIZES = {
	small: { therapists: 1, couplesEach: 30, responses: 2_000 },
	stress: { therapists: 1, couplesEach: 300, responses: 20_000 },
	practice: { therapists: 100, couplesEach: 30, responses: 200_000 }
} as const;
type Size = keyof typeof SIZES;
const THERAPIST_EMAIL = 'bench@example.com';
/** The other therapists of a practice, numbered from 2. */
const colleagueEmail = (n: number) => `bench-${n}@example.com`;
const TIME_ZONE = 'Europe/London';
const DAY = 24 * 60 * 60 * 1000;
/** The one-off homework, in program order; the check-ins are assigned separately. */
const STEP_TEMPLATES = [
	'breakup-reasons',
	'emotional-space',
	'personal-growth',
	'reconnecting',
	'accountability',
	'core-issues',
	'taking-it-slow',
	'relationship-goals',
	'therapy-commitment',
	'all-outcomes'
];
const CHECK_IN = 'satisfaction-check-in';
const SAFETY = 'safety-check-in';

// ---------------------------------------------------------------- made-up words

const NAMES = [
	'Alex',
	'Sam',
	'Jordan',
	'Casey',
	'Robin',
	'Morgan',
	'Taylor',
	'Jamie',
	'Chris',
	'Pat',
	'Lee',
	'Dana',
	'Kim',
	'Noor',
	'Ravi',
	'Mei',
	'Tomas',
	'Ines',
	'Olu',
	'Freya',
	'Hugo',
	'Lena',
	'Marco',
	'Aisha',
	'Kofi',
	'Yara',
	'Sven',
	'Priya',
	'Diego',
	'Hana',
	'Ewan',
	'Zoe',
	'Malik',
	'Rosa',
	'Ben',
	'Ana',
	'Theo',
	'Leila',
	'Finn',
	'Maya'
];

const SENTENCES = [
	'When we argue about money I go quiet and leave the room, and the conversation never gets finished.',
	'I think I stopped asking how their day was, and they stopped telling me.',
	'Most evenings we were on our phones on opposite ends of the sofa.',
	'I felt I came last, after work, after friends, after everyone else.',
	'I brought up old arguments whenever we disagreed about something new.',
	'I would like us to have one evening a week that is just for the two of us.',
	'It helps when I go for a walk before answering a message that upset me.',
	'I noticed I get defensive as soon as I hear a tone I do not like, before I have heard what is being said.',
	'We laughed together on Sunday for the first time in weeks, and it felt easy.',
	'I am still angry about the holiday, and I do not want to pretend I am not.',
	'I want to be able to say no without it turning into a fight.',
	'Talking to my sister helps me calm down before I say something I regret.',
	'I can see now that I left them to carry the bills on their own.',
	'I am hopeful, but I am also scared of ending up where we were last year.',
	'I would feel more secure if plans were not changed at the last minute.',
	'I have started writing things down before our talks so I do not get lost in the moment.',
	'When I feel criticised I shut down, and that looks like I do not care.',
	'I want us to decide big purchases together and tell each other about them first.',
	'A short walk together after dinner has been the best part of this week.',
	'I need to be asked, not told, when it comes to plans with your family.',
	'I can offer to listen to the end before I answer.',
	'It felt like we were flatmates rather than partners for most of last year.',
	'I am willing to keep trying, and I want us to go slowly.',
	'I worry that if I say what I really think, it will start another argument.',
	'Things were calmer this week; we had one disagreement and we finished it.',
	'I would like us to be kinder in the small moments: hello, goodbye, thank you.',
	'My part was working late without saying, and not noticing how lonely that made them.',
	'I want to rebuild trust one kept promise at a time.'
];

const PHRASES = [
	'Money',
	'Trust',
	'Time together',
	'Communication',
	'Family',
	'Work hours',
	'Feeling heard',
	'Jealousy',
	'Housework',
	'Our future',
	'A walk on Sunday morning',
	'Coffee after work on Friday',
	'Most weeks for about a year',
	'Twice a week last winter',
	'Every few days',
	'Talking to a friend',
	'A longer run on Saturdays',
	'Cooking together once a week',
	'Stop checking my phone at dinner',
	'Ask before making plans'
];

const ROW_NAMES = [
	'Going quiet about money',
	'Working late without saying',
	'Keeping score',
	'Walking out of arguments',
	'Checking their phone',
	'Cancelling plans',
	'Criticising in front of friends',
	'A money evening',
	'One topic at a time',
	'Time-outs with a time',
	'Saying thank you',
	'A weekly walk',
	'Putting the phone away at dinner',
	'Asking about their day',
	'Planning holidays together',
	'Sharing the housework fairly'
];

const FEEDBACK = [
	'Thank you for being so specific here; this will be a good place to start on Thursday.',
	'I noticed how much you took responsibility for your own part. Let us talk about what made that possible.',
	'This is a thoughtful answer. I would like to hear more about the second point in our session.',
	'You both rated this very differently; that is useful, and we will look at it together.',
	'Well done for finishing this, even though it was hard going.'
];

const NOTES = [
	'Start with the money conversation; both rated it high. Check how the Sunday walk went.',
	'Follow up on the private check-in alone before the joint session.',
	'Check-in scores are down for one partner: ask about the week before anything else.',
	'Slow the pace; one of them feels rushed about naming the relationship.',
	'Celebrate the finished conversation last week. Introduce step 6.'
];

// ---------------------------------------------------------------- randomness

/** A seeded generator, so every run makes the same practice (ids and times aside). */
function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const random = mulberry32(20261127);
const chance = (p: number) => random() < p;
const between = (low: number, high: number) => low + random() * (high - low);
const integer = (low: number, high: number) => Math.floor(between(low, high + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const some = <T>(items: readonly T[], count: number): T[] =>
	[...items].sort(() => random() - 0.5).slice(0, count);

// ---------------------------------------------------------------- answers

/** Checks answers with the app's own validator, and returns them as the app would store them. */
function text(max: number, long: boolean): string {
	const words = long ? some(SENTENCES, integer(1, 3)).join(' ') : pick(PHRASES);
	return [...words].slice(0, max).join('').trim();
}

/** One answer to a field; `level` (0 to 1) leans scales and scored options low or high. */
function answerTo(field: SimpleField, level: number): SimpleAnswer {
	switch (field.kind) {
		case 'short-text':
			return text(field.maxLength ?? 500, false);
		case 'long-text':
			return text(field.maxLength ?? 20_000, true);
		case 'scale':
			return Math.max(
				field.min,
				Math.min(
					field.max,
					Math.round(field.min + level * (field.max - field.min) + between(-1.5, 1.5))
				)
			);
		case 'single-choice': {
			if (field.options.every((option) => option.score === undefined))
				return pick(field.options).value;
			const index = Math.round(level * (field.options.length - 1) + between(-0.8, 0.8));
			return field.options[Math.max(0, Math.min(field.options.length - 1, index))]!.value;
		}
		case 'multiple-choice': {
			const room = Math.min(3, field.maxSelected ?? 3);
			const other =
				field.other && chance(0.2) ? text(field.other.maxLength ?? 200, false) : undefined;
			const selected = some(field.options, Math.max(1, integer(1, room) - (other ? 1 : 0))).map(
				(option) => option.value
			);
			return other ? { selected, other } : { selected };
		}
	}
}

/** A full set of answers, as a partner would submit it: every required question and most others. */
function fullAnswers(template: WorksheetTemplate, level: number, concerning = false): Answers {
	const answers: Answers = {};
	for (const field of template.fields) {
		const rule = template.concernRules?.find((candidate) => candidate.field === field.key);
		if (rule && field.kind === 'single-choice' && 'anyOf' in rule) {
			// Safety questions: calm answers, unless this one is meant to worry the therapist.
			const calm = field.options.filter((option) => !rule.anyOf.includes(option.value));
			answers[field.key] =
				concerning && field.key === template.concernRules![0]!.field
					? pick(rule.anyOf)
					: calm[0]!.value;
			continue;
		}
		// Words in a box the therapist must read (the screening's last one) would be a concern too.
		if (rule && 'answered' in rule) continue;
		if (!field.required && !chance(0.7)) continue;
		if (field.kind !== 'repeating-group') {
			answers[field.key] = answerTo(field, level);
			continue;
		}
		const presets = field.presetRows ?? [];
		const chosen = new Set(some(presets, integer(1, presets.length)));
		// The template's own rows in its order, then one of the partner's; or only the partner's own.
		const names =
			presets.length > 0
				? [...presets.filter((name) => chosen.has(name)), ...(chance(0.3) ? [pick(ROW_NAMES)] : [])]
				: some(ROW_NAMES, integer(1, 3));
		const rows: GroupRow[] = names.map((name) => {
			const row: Record<string, SimpleAnswer> = {};
			for (const inner of field.fields)
				if (inner.required || chance(0.6)) row[inner.key] = answerTo(inner, level);
			if (Object.keys(row).length === 0)
				row[field.fields[0]!.key] = answerTo(field.fields[0]!, level);
			return { name, answers: row };
		});
		answers[field.key] = { rows };
	}
	return answers;
}

/** A draft: the first part of a full set, as far as the partner got. */
function draftOf(template: WorksheetTemplate, full: Answers): Answers {
	const keys = Object.keys(full);
	return checkedAnswers(
		template,
		Object.fromEntries(
			keys.slice(0, Math.max(1, Math.ceil(keys.length / 2))).map((key) => [key, full[key]!])
		),
		'draft'
	);
}

interface CannedAnswers {
	submitted: Answers[];
	drafts: Answers[];
	concerning: Answers[];
}

/** A few answer sets per worksheet, made once and checked by the validator; the demo's own where they are complete. */
function cannedAnswers(template: WorksheetTemplate): CannedAnswers {
	const demo = Object.values(DEMO_ANSWERS[template.id] ?? {}).filter(
		(answers) => validateAnswers(template, answers, 'submit').ok && !isConcerning(template, answers)
	);
	const submitted = [
		...demo,
		...Array.from({ length: 6 }, (_, index) => fullAnswers(template, index / 5))
	].map((answers) => checkedAnswers(template, answers, 'submit'));
	const concerning = template.concernRules
		? [0, 1].map(() => checkedAnswers(template, fullAnswers(template, 0.3, true), 'submit'))
		: [];
	if (concerning.some((answers) => !isConcerning(template, answers)))
		throw new Error(`The concerning answers for ${template.id} would not raise a flag.`);
	return {
		submitted,
		drafts: submitted.slice(0, 3).map((answers) => draftOf(template, answers)),
		concerning
	};
}

// ---------------------------------------------------------------- the practice

type Row<T extends keyof DB> = Insertable<DB[T]>;

interface Rows {
	users: Array<Row<'users'>>;
	couples: Array<Row<'couples'>>;
	partners: Array<Row<'partners'>>;
	therapy_sessions: Array<Row<'therapy_sessions'>>;
	session_notes: Array<Row<'session_notes'>>;
	assignments: Array<Row<'assignments'>>;
	responses: Array<Row<'responses'>>;
	feedback: Array<Row<'feedback'>>;
	/** Flags raised by concerning answers that the therapist has since resolved. */
	resolvedFlags: Array<{ responseId: string; resolvedAt: string }>;
}

interface Templates {
	byId: Map<string, { template: WorksheetTemplate; version: number; canned: CannedAnswers }>;
}

function iso(time: number): string {
	return new Date(time).toISOString();
}

/** Couple names from pairs of first names, each pair once in a therapist's list. */
function coupleNames(count: number): Array<[string, string]> {
	const pairs: Array<[string, string]> = [];
	for (const [i, first] of NAMES.entries())
		for (const second of NAMES.slice(i + 1)) pairs.push([first, second]);
	return some(pairs, count);
}

/** Every therapist's couples and casework; `responses` is spread evenly over all the couples. */
function generate(
	now: number,
	therapistIds: string[],
	couplesEach: number,
	responses: number,
	passwordHash: string,
	templates: Templates
): Rows {
	const rows: Rows = {
		users: [],
		couples: [],
		partners: [],
		therapy_sessions: [],
		session_notes: [],
		assignments: [],
		responses: [],
		feedback: [],
		resolvedFlags: []
	};
	const template = (id: string) => templates.byId.get(id)!;
	const couples = therapistIds.length * couplesEach;
	const names = therapistIds.map(() => coupleNames(couplesEach));

	for (let c = 0; c < couples; c++) {
		const therapistId = therapistIds[Math.floor(c / couplesEach)]!;
		// 20,000 responses over 300 couples: 66 or 67 each.
		let responsesLeft = Math.floor(responses / couples) + (c < responses % couples ? 1 : 0);
		const coupleId = newId();
		const startedAt = now - between(100, 220) * DAY;
		const policy = pick(SECRETS_POLICIES);
		const [firstName, secondName] = names[Math.floor(c / couplesEach)]![c % couplesEach]!;
		rows.couples.push({
			id: coupleId,
			therapist_id: therapistId,
			name: `${firstName} & ${secondName}`,
			created_at: iso(startedAt),
			secrets_policy: policy.value,
			policy_text: policy.defaultText,
			archived_at: null
		});

		const partners = [firstName, secondName].map((displayName, index) => {
			const userId = newId();
			const partnerId = newId();
			const joinedAt = iso(startedAt + between(1, 5) * DAY);
			rows.users.push({
				id: userId,
				email: `${displayName.toLowerCase()}.${String(c + 1).padStart(4, '0')}@example.com`,
				// A partner's name is their place's (below), never their account's.
				display_name: null,
				role: 'partner',
				password_hash: passwordHash,
				time_zone: TIME_ZONE,
				created_at: joinedAt,
				password_changed_at: joinedAt,
				home_seen_at: null
			});
			rows.partners.push({
				id: partnerId,
				couple_id: coupleId,
				position: index === 0 ? 1 : 2,
				display_name: displayName,
				user_id: userId,
				joined_at: joinedAt,
				policy_acknowledged_at: joinedAt
			});
			// How each partner feels about the relationship, for scales and the check-in; it drifts over the weeks.
			return { id: partnerId, level: between(0.35, 1) };
		});

		// About four sessions: two held in the last fortnight (one sometimes cancelled), one in the coming week, one the week after.
		const hour = integer(8, 18);
		const upcomingIn = between(0.1, 6.9) * DAY;
		const sessionTimes = [
			upcomingIn - 14 * DAY,
			upcomingIn - 7 * DAY,
			upcomingIn,
			upcomingIn + 7 * DAY
		].map((offset) => {
			const day = new Date(now + offset);
			day.setUTCHours(hour, 0, 0, 0);
			return day.getTime();
		});
		if (chance(0.2)) sessionTimes.unshift(sessionTimes[0]! - 7 * DAY);
		const sessions = sessionTimes.map((startsAt, index) => {
			const past = startsAt < now;
			const status = past
				? index === 1 && chance(0.1)
					? ('cancelled' as const)
					: ('held' as const)
				: 'scheduled';
			const id = newId();
			rows.therapy_sessions.push({
				id,
				couple_id: coupleId,
				starts_at: iso(startsAt),
				duration_minutes: 50,
				format: chance(0.6) ? 'in-person' : 'video',
				agenda: '',
				status,
				created_at: iso(startsAt - 7 * DAY),
				updated_at: iso(Math.min(now, startsAt + DAY)),
				prepared_at: past && status === 'held' ? iso(startsAt - 2 * 60 * 60 * 1000) : null
			});
			if (status === 'held' || (status === 'scheduled' && chance(0.4)))
				rows.session_notes.push({
					session_id: id,
					text: pick(NOTES),
					updated_at: iso(Math.min(now, startsAt - 60 * 60 * 1000))
				});
			return { id, startsAt, status };
		});
		const held = sessions.filter((session) => session.status === 'held');
		const next = sessions.find((session) => session.status === 'scheduled')!;

		const assign = (
			templateId: string,
			partnerId: string | null,
			dueAt: number | null,
			recurrence: 'once' | 'before-each-session'
		) => {
			const id = newId();
			const createdAt = Math.max(
				startedAt,
				Math.min(now, (dueAt ?? held[0]?.startsAt ?? now) - 7 * DAY)
			);
			rows.assignments.push({
				id,
				couple_id: coupleId,
				step: template(templateId).template.step,
				template_id: templateId,
				partner_id: partnerId,
				due_at: dueAt === null ? null : iso(dueAt),
				note:
					recurrence === 'once'
						? pick([
								'',
								'Take your time with this one.',
								'Answer from your own side only.',
								'Short answers are fine.'
							])
						: 'Four quick questions before each session.',
				recurrence,
				cancelled_at: null,
				created_by: therapistId,
				created_at: iso(createdAt),
				updated_at: iso(createdAt)
			});
			return id;
		};

		const respond = (
			assignmentId: string,
			templateId: string,
			partner: { id: string; level: number },
			occurrence: string,
			status: ResponseStatus,
			submittedAt: number,
			answers?: Answers
		) => {
			const { template: worksheet, version, canned } = template(templateId);
			const concerning = worksheet.concernRules !== undefined && status !== 'draft' && chance(0.04);
			const chosen =
				answers ??
				(status === 'draft'
					? pick(canned.drafts)
					: concerning
						? pick(canned.concerning)
						: pick(canned.submitted));
			const submitted = Math.min(now - 60 * 1000, submittedAt);
			const reviewedAt =
				status === 'reviewed' ? Math.min(now - 30 * 1000, submitted + between(0.2, 3) * DAY) : null;
			const responseId = newId();
			const isPrivate = worksheet.privacy === 'private';
			rows.responses.push({
				id: responseId,
				assignment_id: assignmentId,
				partner_id: partner.id,
				occurrence,
				template_version: version,
				answers: JSON.stringify(chosen),
				revision: status === 'draft' ? integer(1, 6) : integer(1, 3),
				status,
				started_at: iso(submitted - between(0.1, 4) * DAY),
				updated_at: iso(reviewedAt ?? submitted),
				submitted_at: status === 'draft' ? null : iso(submitted),
				reviewed_at: reviewedAt === null ? null : iso(reviewedAt),
				share_therapist_fields: !isPrivate && chance(0.3) ? 1 : 0,
				share_shared_fields: !isPrivate && chance(0.85) ? 1 : 0,
				changed_after_submit_at:
					status === 'submitted' && chance(0.03)
						? iso(Math.min(now - 1000, submitted + between(0.1, 1) * DAY))
						: null,
				reopen_note: null
			});
			responsesLeft -= 1;
			if (reviewedAt !== null && chance(0.25)) {
				rows.feedback.push({
					id: newId(),
					response_id: responseId,
					to_partner_id: isPrivate || chance(0.5) ? partner.id : null,
					text: pick(FEEDBACK),
					created_at: iso(reviewedAt)
				});
			}
			if (status !== 'draft' && isConcerning(worksheet, chosen) && chance(0.3)) {
				// The hand-in path raises the flag; a few were dealt with since.
				rows.resolvedFlags.push({
					responseId,
					resolvedAt: iso(Math.min(now, submitted + 2 * DAY))
				});
			}
		};

		// The check-in before each session: held ones done, the coming one by some.
		const checkIn = assign(CHECK_IN, null, null, 'before-each-session');
		for (const partner of partners) {
			for (const session of [...held, next]) {
				const upcoming = session === next;
				if (upcoming && chance(0.35)) continue;
				partner.level = Math.max(0, Math.min(1, partner.level + between(-0.12, 0.1)));
				const status: ResponseStatus = upcoming
					? chance(0.3)
						? 'draft'
						: 'submitted'
					: chance(0.7)
						? 'reviewed'
						: 'submitted';
				const worksheet = template(CHECK_IN).template;
				const full = checkedAnswers(worksheet, fullAnswers(worksheet, partner.level), 'submit');
				const answers = status === 'draft' ? draftOf(worksheet, full) : full;
				respond(
					checkIn,
					CHECK_IN,
					partner,
					session.id,
					status,
					upcoming ? now - between(0.05, 2) * DAY : session.startsAt - between(0.1, 2) * DAY,
					answers
				);
			}
		}

		// The private safety check-in, one assignment per partner, done before the first session here.
		const firstSession = sessions[0]!.startsAt;
		for (const partner of partners) {
			const id = assign(SAFETY, partner.id, firstSession, 'once');
			if (chance(0.95))
				respond(
					id,
					SAFETY,
					partner,
					'once',
					chance(0.8) ? 'reviewed' : 'submitted',
					firstSession - between(0.5, 3) * DAY
				);
		}

		// One-off homework through the program until this couple's share of responses is reached: the
		// latest due at the coming session, earlier ones every few days before it.
		for (let k = 0; responsesLeft > 0; k++) {
			// Back through the program from a step that differs from couple to couple.
			const templateId =
				STEP_TEMPLATES[
					(((c - k) % STEP_TEMPLATES.length) + STEP_TEMPLATES.length) % STEP_TEMPLATES.length
				]!;
			const dueAt = k === 0 ? next.startsAt : next.startsAt - k * between(2.5, 3.5) * DAY;
			const addressees = responsesLeft === 1 || chance(0.08) ? [pick(partners)] : partners;
			const id = assign(
				templateId,
				addressees.length === 1 ? addressees[0]!.id : null,
				dueAt,
				'once'
			);
			for (const partner of addressees) {
				const age = (now - dueAt) / DAY;
				const roll = random();
				let status: ResponseStatus | null;
				// Older homework is nearly all in; what is left undone shows as overdue.
				if (age > 14)
					status =
						roll < 0.62 ? 'reviewed' : roll < 0.98 ? 'submitted' : roll < 0.99 ? 'draft' : null;
				else if (age > 7)
					status =
						roll < 0.5 ? 'reviewed' : roll < 0.9 ? 'submitted' : roll < 0.95 ? 'draft' : null;
				else if (age > 0)
					status =
						roll < 0.15 ? 'reviewed' : roll < 0.75 ? 'submitted' : roll < 0.9 ? 'draft' : null;
				else status = roll < 0.35 ? 'submitted' : roll < 0.7 ? 'draft' : null;
				if (status === null || responsesLeft === 0) continue;
				respond(id, templateId, partner, 'once', status, dueAt - between(0, 4) * DAY);
			}
		}
	}
	return rows;
}

/**
 * Writes the practice. The casework (accounts, couples, sessions, homework)
 * is inserted in bulk; every response goes through the app's hand-in path
 * (storeDraft, handIn, then markReviewed and addFeedback), so its total,
 * flags, differences and audit rows are what the app would have stored.
 */
async function insertAll(
	db: Database,
	therapists: Array<Row<'users'>>,
	rows: Rows,
	templates: Templates
): Promise<void> {
	await writeTransaction(db, async (trx) => {
		// A few hundred rows a statement: SQLite binds at most 32,766 values in one, PostgreSQL 65,535.
		const insert = async <T extends keyof DB>(table: T, values: ReadonlyArray<Row<T>>) => {
			for (let start = 0; start < values.length; start += 400)
				await trx
					.insertInto(table)
					.values(values.slice(start, start + 400))
					.execute();
		};
		// Parents before children: the therapist, couples, then the partners' accounts.
		await insert('users', therapists);
		await insert('couples', rows.couples);
		await insert('users', rows.users);
		await insert('partners', rows.partners);
		await insert('therapy_sessions', rows.therapy_sessions);
		await insert('session_notes', rows.session_notes);
		await insert('assignments', rows.assignments);

		// Each couple's own therapist reviews and answers its homework.
		const therapistOf = new Map(rows.couples.map((row) => [row.id, row.therapist_id]));
		const byTherapist = (coupleId: string) => ({
			userId: therapistOf.get(coupleId)!,
			clientAddress: null
		});
		const assignments = new Map(rows.assignments.map((row) => [row.id, row]));
		const partners = new Map(rows.partners.map((row) => [row.id, row]));
		// Each planned response handed in: the id the app gave it, and its couple.
		const handedIn = new Map<string, { responseId: string; coupleId: string }>();
		// In the order they happened, as the app would have seen them.
		const responses = [...rows.responses].sort((a, b) =>
			(a.submitted_at ?? a.updated_at).localeCompare(b.submitted_at ?? b.updated_at)
		);
		for (const row of responses) {
			const assignment = assignments.get(row.assignment_id)!;
			const place = partners.get(row.partner_id)!;
			const partner = { partnerId: place.id, coupleId: place.couple_id };
			const actor = { userId: place.user_id!, clientAddress: null };
			const { template, version } = templates.byId.get(assignment.template_id)!;
			const target = {
				assignmentId: assignment.id,
				template,
				version,
				occurrence: row.occurrence ?? 'once',
				responseId: null,
				revision: 0
			};
			const answers = JSON.parse(row.answers ?? '{}') as Answers;
			if (row.status === 'draft') {
				await storeDraft(trx, actor, partner, target, answers, new Date(row.updated_at));
				continue;
			}
			const sharing = {
				therapistFields: row.share_therapist_fields === 1,
				sharedFields: row.share_shared_fields === 1
			};
			const { responseId } = await handIn(
				trx,
				actor,
				partner,
				target,
				answers,
				sharing,
				new Date(row.submitted_at!)
			);
			handedIn.set(row.id, { responseId, coupleId: place.couple_id });
			if (row.reviewed_at)
				await markReviewed(
					trx,
					byTherapist(place.couple_id),
					place.couple_id,
					responseId,
					new Date(row.reviewed_at)
				);
		}
		for (const feedback of rows.feedback) {
			const { responseId, coupleId } = handedIn.get(feedback.response_id)!;
			await addFeedback(
				trx,
				byTherapist(coupleId),
				coupleId,
				responseId,
				feedback.to_partner_id ?? null,
				feedback.text,
				new Date(feedback.created_at)
			);
		}
		// There is no way yet to resolve a flag in the app (the therapist's follow-up comes later):
		// these are marked resolved directly, as the therapist will.
		for (const { responseId, resolvedAt } of rows.resolvedFlags)
			await trx
				.updateTable('flags')
				.set({ resolved_at: resolvedAt })
				.where('response_id', '=', handedIn.get(responseId)!.responseId)
				.execute();
	});
}

/**
 * The size asked for with --size (the stress practice unless given), and
 * --couples to give each therapist another number of couples (a browser test
 * wants a list longer than a page, quickly), at the same responses per couple.
 */
function sizeAsked(): { therapists: number; couplesEach: number; responses: number } {
	const { values } = parseArgs({
		options: { size: { type: 'string', default: 'stress' }, couples: { type: 'string' } }
	});
	if (!(values.size in SIZES)) {
		console.error(`Not generated: --size is one of ${Object.keys(SIZES).join(', ')}.`);
		process.exit(1);
	}
	const size = SIZES[values.size as Size];
	if (values.couples === undefined) return size;
	const couplesEach = Number(values.couples);
	if (!Number.isInteger(couplesEach) || couplesEach < 1 || couplesEach > 700) {
		console.error('Not generated: --couples is a whole number from 1 to 700.');
		process.exit(1);
	}
	const perCouple = size.responses / (size.therapists * size.couplesEach);
	return {
		therapists: size.therapists,
		couplesEach,
		responses: Math.round(perCouple * couplesEach * size.therapists)
	};
}

/**
 * The new database to fill: a SQLite file that does not exist yet, or with
 * DATABASE_URL a PostgreSQL database without a single account in it.
 */
async function newDatabase(): Promise<{ db: Database; file: string }> {
	const url = process.env.DATABASE_URL;
	if (url && isPostgresLocation(url)) {
		const { db } = await openLocation(url);
		const file = describeLocation(url);
		try {
			await migrateToLatest(db);
			const someone = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
			if (someone) {
				console.error(
					`Not generated: ${file} already has accounts; this script only fills an empty database.`
				);
				process.exit(1);
			}
		} catch (error) {
			await db.destroy();
			throw error;
		}
		return { db, file };
	}
	const file = process.env.DATABASE_PATH;
	if (!file) {
		console.error(
			'Not generated: set DATABASE_PATH to where the new database should go, for example DATABASE_PATH=/tmp/large-practice/practice.db (or DATABASE_URL to an empty PostgreSQL database).'
		);
		process.exit(1);
	}
	if (fs.existsSync(file)) {
		console.error(
			`Not generated: ${file} already exists; this script only creates a new database.`
		);
		process.exit(1);
	}
	const { db } = openDatabase(file);
	return { db, file };
}

async function main(): Promise<void> {
	const size = sizeAsked();
	const started = performance.now();
	const { db, file } = await newDatabase();
	try {
		await migrateToLatest(db);
		await syncBuiltinTemplates(db, BUILTIN_TEMPLATES, new Date());
		const stored = await latestBuiltinTemplates(db);
		const templates: Templates = {
			byId: new Map(
				[...stored].map(([id, entry]) => [
					id,
					{
						template: entry.template,
						version: entry.version,
						canned: cannedAnswers(entry.template)
					}
				])
			)
		};
		for (const id of [...STEP_TEMPLATES, CHECK_IN, SAFETY])
			if (!templates.byId.has(id)) throw new Error(`The built-in worksheet ${id} is missing.`);

		// One hash for every account: hashing thousands of passwords would take minutes and prove nothing.
		const passwordHash = await hashPassword(DEMO_PASSWORD);
		const now = Date.now();
		const therapists: Array<Row<'users'>> = Array.from({ length: size.therapists }, (_, n) => ({
			id: newId(),
			email: n === 0 ? THERAPIST_EMAIL : colleagueEmail(n + 1),
			display_name: n === 0 ? 'Dr. Robin Bench' : `Dr. ${NAMES[n % NAMES.length]!} Bench`,
			role: 'therapist',
			password_hash: passwordHash,
			time_zone: TIME_ZONE,
			created_at: iso(now - 365 * DAY),
			password_changed_at: iso(now - 365 * DAY),
			// Looked at the week ahead two days ago: newer submissions show as new.
			home_seen_at: iso(now - 2 * DAY)
		}));
		const rows = generate(
			now,
			therapists.map((therapist) => therapist.id),
			size.couplesEach,
			size.responses,
			passwordHash,
			templates
		);
		await insertAll(db, therapists, rows, templates);
		const compared = Number(
			(
				await db
					.selectFrom('assignments')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.where('differences', 'is not', null)
					.executeTakeFirstOrThrow()
			).n
		);

		const count = async (table: keyof DB) =>
			Number(
				(
					await db
						.selectFrom(table)
						.select((eb) => eb.fn.countAll<number>().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		const byStatus = await db
			.selectFrom('responses')
			.select(['status', (eb) => eb.fn.countAll<number>().as('n')])
			.groupBy('status')
			.orderBy('status')
			.execute();
		const upcoming = await db
			.selectFrom('therapy_sessions')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('status', '=', 'scheduled')
			.where('starts_at', '<', iso(now + 7 * DAY))
			.executeTakeFirstOrThrow();
		const seconds = ((performance.now() - started) / 1000).toFixed(1);
		console.log(`Generated ${file} in ${seconds} s:`);
		console.log(
			`  users ${await count('users')} (${size.therapists} therapists), couples ${await count('couples')}, partners ${await count('partners')}`
		);
		console.log(
			`  sessions ${await count('therapy_sessions')} (${upcoming.n} in the coming week), session notes ${await count('session_notes')}`
		);
		console.log(
			`  assignments ${await count('assignments')}, responses ${await count('responses')} (${byStatus.map((row) => `${row.status} ${row.n}`).join(', ')})`
		);
		console.log(
			`  feedback ${await count('feedback')}, flags ${await count('flags')}, homework both partners handed in and compared ${compared}`
		);
		console.log(`Sign in as ${THERAPIST_EMAIL} with the password ${DEMO_PASSWORD}.`);
	} finally {
		await db.destroy();
	}
}

try {
	await main();
} catch (error) {
	if (!(error instanceof StartupError)) throw error;
	console.error(`Not generated: ${error.message}`);
	process.exit(1);
}
