import type { Generated } from 'kysely';
import type { ResponseStatus } from '../../homework-status';
import type { SecretsPolicy } from '../../secrets-policy';

export type { ResponseStatus, SecretsPolicy };

// The shape of the database as the app sees it, table by table. Times are
// ISO-8601 strings in UTC ("2026-11-27T14:00:00.000Z"), which sort as they read.

export type Role = 'therapist' | 'partner';

/**
 * An account. A partner's couple and name are not here: they live in their
 * place in `partners`, where their therapist names them before they join and
 * may rename them later.
 */
export interface UsersTable {
	id: string;
	email: string;
	/** A therapist's name; null for every partner (a CHECK holds it). */
	display_name: string | null;
	role: Role;
	password_hash: string;
	created_at: string;
	password_changed_at: string;
	/** IANA time zone the person's times are shown in. */
	time_zone: Generated<string>;
	home_seen_at: string | null;
	/** When the person followed a confirmation link sent to `email`; null until then. */
	email_confirmed_at: Generated<string | null>;
	/** Where a therapist's partners' quick exit leads; null: the default neutral site. */
	exit_site: Generated<string | null>;
	/** The two-step key (RFC 6238), base32; never sent to a browser once set up. */
	totp_key: Generated<string | null>;
	/** When a code first confirmed the key; null while setting up (or without two-step). */
	totp_confirmed_at: Generated<string | null>;
	/** The time step of the last code accepted: a code works once. */
	totp_last_step: Generated<number | null>;
	/** A therapist's practice; null for partners (theirs is their therapist's). */
	practice_id: Generated<string | null>;
	practice_role: Generated<PracticeRole | null>;
	/** Set when the administrator deactivated the account: it cannot sign in; nothing is deleted. */
	deactivated_at: Generated<string | null>;
	/** When the administrator reset this person's two-step: they set it up again at next sign-in. */
	two_step_reset_at: Generated<string | null>;
}

/** The administrator manages accounts and policies; it reads no clinical content by itself. */
export type PracticeRole = 'administrator' | 'member';

export interface PracticesTable {
	id: string;
	created_at: string;
	/** 1: every therapist of the practice signs in with two steps. */
	two_step_required: Generated<0 | 1>;
	/** Years a closed couple's record is kept; null: the server's default (RECORD_RETENTION_YEARS). */
	retention_years: Generated<number | null>;
	/** The longest a partner's "keep me signed in" lasts, in days (1 to 30). */
	partner_keep_signed_in_days: Generated<number>;
	/** The practice's name, the sender of its mail; null: the app's name. */
	name: Generated<string | null>;
}

export interface ColleagueInvitationsTable {
	id: string;
	practice_id: string;
	/** SHA-256 of the link's token. */
	token_hash: string;
	created_by: string;
	created_at: string;
	expires_at: string;
	used_at: string | null;
	revoked_at: string | null;
}

export interface CouplesTable {
	id: string;
	therapist_id: string;
	name: string;
	created_at: string;
	secrets_policy: Generated<SecretsPolicy>;
	policy_text: Generated<string>;
	archived_at: string | null;
	/** 1: each partner gets a private check-in when the couple is added and every few weeks. */
	screening_on: Generated<0 | 1>;
	screening_every_weeks: Generated<number>;
	/** After this many sessions a partner below the line and not reliably improved is "not on track". */
	not_on_track_after: Generated<number>;
	/** A recurring check-in is due this many hours (24 or 48) before each session. */
	check_in_lead_hours: Generated<24 | 48>;
	/** The therapist's program the couple follows; null: the built-in ten steps. */
	program_id: Generated<string | null>;
}

export interface PartnersTable {
	id: string;
	couple_id: string;
	position: 1 | 2;
	display_name: string;
	/** Null until the partner accepts their invitation. */
	user_id: string | null;
	joined_at: string | null;
	policy_acknowledged_at: string | null;
}

export interface InvitationsTable {
	id: string;
	partner_id: string;
	/** SHA-256 of the invitation token: the link itself is never stored. */
	token_hash: string;
	created_by: string;
	created_at: string;
	expires_at: string;
	used_at: string | null;
	revoked_at: string | null;
}

export type SessionFormat = 'in-person' | 'video';
export type SessionStatus = 'scheduled' | 'held' | 'cancelled';

/** A therapy session on the calendar (not a sign-in session). */
export interface TherapySessionsTable {
	id: string;
	couple_id: string;
	starts_at: string;
	duration_minutes: number;
	format: SessionFormat;
	agenda: Generated<string>;
	status: Generated<SessionStatus>;
	created_at: string;
	updated_at: string;
	prepared_at: Generated<string | null>;
	/** A video session's call link (https only); null in person or not yet given. */
	video_link: Generated<string | null>;
}

/** A person's private calendar feed, by the SHA-256 of its secret token (one per person). */
export interface CalendarFeedsTable {
	user_id: string;
	token_hash: string;
	created_at: string;
}

export type Recurrence = 'once' | 'before-each-session';

/** When the other partner may read what an author shared: homework/release.ts. */
export type SharedRelease = 'handed-in' | 'both-handed-in' | 'reviewed';

export interface AssignmentsTable {
	id: string;
	couple_id: string;
	step: number | null;
	template_id: string;
	/** Null when both partners do it. */
	partner_id: string | null;
	due_at: string | null;
	note: Generated<string>;
	recurrence: Generated<Recurrence>;
	cancelled_at: string | null;
	created_by: string;
	created_at: string;
	updated_at: string;
	/** How many of the partners it is for have not handed it in; kept by triggers, never written by the app. */
	waiting_on: Generated<number>;
	/** For homework both partners do: differences that matter between their handed-in answers; null until both are in. */
	differences: Generated<number | null>;
	/** When the other partner may read what an author shared of it (homework/release.ts). */
	release_shared: Generated<SharedRelease>;
	/** The version of a therapist's own template it was set with; null: the newest (built-ins). */
	template_version: Generated<number | null>;
	/** The step of a therapist's program it was set under; null under the built-in steps. */
	program_step_id: Generated<string | null>;
}

export interface ResponsesTable {
	id: string;
	assignment_id: string;
	partner_id: string;
	/** 'once', or the therapy session a recurring check-in is for. */
	occurrence: Generated<string>;
	template_version: number;
	answers: Generated<string>;
	revision: Generated<number>;
	status: Generated<ResponseStatus>;
	started_at: string;
	updated_at: string;
	submitted_at: string | null;
	reviewed_at: string | null;
	share_therapist_fields: Generated<0 | 1>;
	share_shared_fields: Generated<0 | 1>;
	changed_after_submit_at: string | null;
	reopen_note: Generated<string | null>;
	/** A scored worksheet's total as handed in; null for drafts and unscored worksheets. */
	total: Generated<number | null>;
}

export interface SessionNotesTable {
	session_id: string;
	text: string;
	updated_at: string;
}

export interface FeedbackTable {
	id: string;
	response_id: string;
	/** Null when it is for both partners. */
	to_partner_id: string | null;
	text: string;
	created_at: string;
}

/**
 * What a stored flag was raised for: a concerning answer on the private
 * safety check-in, or on another worksheet with concern rules. Other flags
 * (disagreement, overdue) are worked out when a page is read, never stored.
 */
export type StoredFlagKind = 'safety' | 'distress';

/** Something only the therapist sees, such as a concerning safety check-in. */
export interface FlagsTable {
	id: string;
	couple_id: string;
	partner_id: string;
	response_id: string | null;
	kind: StoredFlagKind;
	raised_at: string;
	resolved_at: string | null;
	/** How urgent; flags raised before tiers are 'watch'. */
	tier: Generated<FlagTier>;
	acknowledged_at: Generated<string | null>;
	acknowledged_by: Generated<string | null>;
	resolved_by: Generated<string | null>;
	/** The therapist's record of acknowledging it, as JSON. */
	acknowledgement: Generated<string | null>;
	/** The therapist's record of resolving it (contact made, risk assessed, plan, decision), as JSON. */
	resolution: Generated<string | null>;
}

/**
 * A flag grown more urgent after it was raised: when, from which tier to
 * which, and the acknowledgement it set aside (null when the flag was still open).
 */
export interface FlagEscalationsTable {
	id: string;
	flag_id: string;
	escalated_at: string;
	from_tier: FlagTier;
	to_tier: FlagTier;
	acknowledged_at: string | null;
	acknowledged_by: string | null;
	/** The therapist's record of acknowledging it, as JSON, as it was on the flag. */
	acknowledgement: string | null;
}

/** urgent: act now; watch: anything else of concern; needs-reading: skipped items or free text. */
export type FlagTier = 'urgent' | 'watch' | 'needs-reading';

export interface SessionsTable {
	/** SHA-256 of the session token, hex: the token itself is never stored. */
	id: string;
	user_id: string;
	created_at: string;
	last_active_at: string;
	expires_at: string;
	/** 0: ends with the browser and after 2 hours idle; 1: lasts 30 days. */
	keep_signed_in: Generated<0 | 1>;
	/** The browser, as its owner would recognise it, for the list of signed-in devices. */
	device: Generated<string | null>;
	/** 1: the password was right, the second step is still to come; the session opens nothing yet. */
	two_step_pending: Generated<0 | 1>;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: string;
	user_id: string | null;
	action: string;
	object_type: string | null;
	object_id: string | null;
	client_address: string | null;
}

export interface WorksheetTemplatesTable {
	id: string;
	/** Null for the built-in templates that ship with the app. */
	owner_therapist_id: string | null;
	created_at: string;
	/** Set when its author retired it: kept for what uses it, never offered again. */
	archived_at: Generated<string | null>;
	/** Who may assign it: its author alone, or (a seam for later) the author's whole practice. */
	visibility: Generated<TemplateVisibility>;
}

export type TemplateVisibility = 'own' | 'practice';

export interface WorksheetTemplateVersionsTable {
	template_id: string;
	version: number;
	/** The template definition as JSON. */
	definition: string;
	/** SHA-256 of the definition: a changed built-in is noticed at startup. */
	fingerprint: string;
	created_at: string;
}

export interface SafetyHelpTextsTable {
	therapist_id: string;
	text: string;
	updated_at: string;
}

/** One-off work over stored data, by name, once it is done (startup/backfills.ts). */
export interface BackfillsTable {
	name: string;
	done_at: string;
}

export type OutboxState = 'waiting' | 'sent' | 'failed' | 'expired';

/** A mail message, written in the same transaction as what caused it, sent by the outbox worker. */
export interface OutboxTable {
	id: string;
	/** Fixed when the row is written: sending again after a crash sends the same message. */
	message_id: string;
	kind: string;
	user_id: string | null;
	/** For an invitation: the partner it invites (they have no account yet). */
	partner_id: string | null;
	to_address: string;
	from_name: string;
	subject: string;
	/** Plain text; null once the message is done with, since its link may open an account. */
	body: string | null;
	unsubscribe_url: string | null;
	state: Generated<OutboxState>;
	attempts: Generated<number>;
	next_attempt_at: string;
	/** Not sent after this: it expires instead. */
	send_by: string;
	claimed_by: string | null;
	claimed_until: string | null;
	last_error: string | null;
	created_at: string;
	done_at: string | null;
}

export interface AddressConfirmationsTable {
	/** SHA-256 of the link's token. */
	token_hash: string;
	user_id: string;
	/** The address the link was sent to: confirming it confirms only that address. */
	email: string;
	created_at: string;
	expires_at: string;
	used_at: string | null;
}

export interface PasswordResetsTable {
	/** SHA-256 of the link's token. */
	token_hash: string;
	user_id: string;
	/** The therapist who made the link; null when the person asked themselves or the operator ran the script. */
	created_by: string | null;
	created_at: string;
	expires_at: string;
	used_at: string | null;
}

/** A person's choice about one kind of mail; no row means the kind's default. */
export interface MailChoicesTable {
	user_id: string;
	kind: string;
	wanted: 0 | 1;
	updated_at: string;
}

export interface HomeworkRemindersTable {
	assignment_id: string;
	partner_id: string;
	/** 'once' for one-off homework; the session's id for a check-in set before every session. */
	occurrence: Generated<string>;
	queued_at: string;
}

export interface MailDigestsTable {
	therapist_id: string;
	/** Submissions up to this moment have been in a digest. */
	covered_until: string;
}

export interface ServerSecretsTable {
	name: string;
	value: string;
	created_at: string;
}

export interface CrisisHelpTextsTable {
	therapist_id: string;
	text: string;
	updated_at: string;
}

/** Throttled sign-in attempts from one client address in one window, counted. */
export interface SignInThrottlesTable {
	window_start: string;
	client_address: string;
	attempts: number;
	last_at: string;
}

/**
 * One sign-in limiter's state for one key, shared by every app process. The
 * key is stored as its SHA-256 (hex); `count` is failures in a row for a
 * failure throttle, tokens left for a bucket; `at` the last failure or refill.
 */
export interface ThrottlesTable {
	kind: string;
	key_hash: string;
	count: number;
	at: string;
}

/** A one-time way past the second step, stored only as its SHA-256. */
export interface RecoveryCodesTable {
	code_hash: string;
	user_id: string;
	created_at: string;
	used_at: string | null;
}

/** A colleague's read-only access to one couple, for a period (clinical supervision). */
export interface SupervisionGrantsTable {
	id: string;
	couple_id: string;
	granted_by: string;
	supervisor_id: string;
	starts_at: string;
	ends_at: string;
	revoked_at: string | null;
}

/** A therapist's own program of steps; the built-in ten steps are not stored. */
export interface ProgramsTable {
	id: string;
	therapist_id: string;
	title: string;
	created_at: string;
	updated_at: string;
	archived_at: string | null;
}

/** One step of a therapist's program; its id never changes, whatever is edited. */
export interface ProgramStepsTable {
	id: string;
	program_id: string;
	position: number;
	title: string;
	summary: Generated<string>;
	/** JSON array of worksheet template ids, the usual one first. */
	worksheet_ids: Generated<string>;
}

export interface DB {
	backfills: BackfillsTable;
	users: UsersTable;
	couples: CouplesTable;
	sessions: SessionsTable;
	audit_log: AuditLogTable;
	worksheet_templates: WorksheetTemplatesTable;
	worksheet_template_versions: WorksheetTemplateVersionsTable;
	safety_help_texts: SafetyHelpTextsTable;
	partners: PartnersTable;
	invitations: InvitationsTable;
	therapy_sessions: TherapySessionsTable;
	calendar_feeds: CalendarFeedsTable;
	assignments: AssignmentsTable;
	responses: ResponsesTable;
	flags: FlagsTable;
	flag_escalations: FlagEscalationsTable;
	session_notes: SessionNotesTable;
	feedback: FeedbackTable;
	outbox: OutboxTable;
	address_confirmations: AddressConfirmationsTable;
	password_resets: PasswordResetsTable;
	mail_choices: MailChoicesTable;
	homework_reminders: HomeworkRemindersTable;
	mail_digests: MailDigestsTable;
	server_secrets: ServerSecretsTable;
	crisis_help_texts: CrisisHelpTextsTable;
	sign_in_throttles: SignInThrottlesTable;
	throttles: ThrottlesTable;
	recovery_codes: RecoveryCodesTable;
	practices: PracticesTable;
	colleague_invitations: ColleagueInvitationsTable;
	supervision_grants: SupervisionGrantsTable;
	programs: ProgramsTable;
	program_steps: ProgramStepsTable;
	passkeys: PasskeysTable;
	passkey_challenges: PasskeyChallengesTable;
}

/** A passkey (WebAuthn credential) an account signs in with. */
export interface PasskeysTable {
	/** The credential id, base64url, as the authenticator names it. */
	id: string;
	user_id: string;
	/** What its owner called it ("Laptop", "Phone"), to tell them apart. */
	name: string;
	/** The credential's public key (COSE). */
	public_key: Uint8Array;
	/** The signature counter last reported: it never goes back. */
	counter: number;
	/** JSON array of how the browser reaches it (internal, usb, hybrid…). */
	transports: Generated<string>;
	created_at: string;
	last_used_at: string | null;
}

export type PasskeyPurpose = 'register' | 'sign-in' | 'second-step';

/** A challenge handed out for one passkey ceremony: used once, good for minutes. */
export interface PasskeyChallengesTable {
	challenge: string;
	purpose: PasskeyPurpose;
	/** The account asking; null for a sign-in, where the passkey names the account. */
	user_id: string | null;
	expires_at: string;
}
