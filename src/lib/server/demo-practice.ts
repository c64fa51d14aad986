import type { Database } from './database/open';
import { writeTransaction } from './database/write-transaction';
import { createAccount, normalizeEmail } from './accounts';
import { newId } from './ids';

// A small made-up practice to explore and demonstrate the app with. Later
// features add homework and worksheets in every state to it.

export const DEMO_PASSWORD = 'common-ground-demo';

interface DemoCouple {
	name: string;
	partners: Array<{ email: string; displayName: string }>;
}

interface DemoTherapist {
	email: string;
	displayName: string;
	couple: DemoCouple;
}

export const DEMO_THERAPISTS: readonly DemoTherapist[] = [
	{
		email: 'therapist@example.com',
		displayName: 'Dr. Morgan Reyes',
		couple: {
			name: 'Alex & Sam',
			partners: [
				{ email: 'alex@example.com', displayName: 'Alex' },
				{ email: 'sam@example.com', displayName: 'Sam' }
			]
		}
	},
	{
		email: 'therapist2@example.com',
		displayName: 'Dr. Priya Natarajan',
		couple: {
			name: 'Jordan & Casey',
			partners: [
				{ email: 'jordan@example.com', displayName: 'Jordan' },
				{ email: 'casey@example.com', displayName: 'Casey' }
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

		const existing = new Set(accounts.map((account) => account.email));
		const report: DemoSeedReport = { created: [], alreadyThere: [] };
		for (const therapist of DEMO_THERAPISTS) {
			const therapistId = await ensureAccount(trx, existing, report, {
				email: therapist.email,
				displayName: therapist.displayName,
				role: 'therapist',
				coupleId: null
			}, now);
			const coupleId = await ensureCouple(trx, therapistId, therapist.couple, now);
			for (const partner of therapist.couple.partners) {
				await ensureAccount(trx, existing, report, { ...partner, role: 'partner', coupleId }, now);
			}
		}
		return report;
	});
}

async function ensureAccount(
	db: Database,
	existing: Set<string>,
	report: DemoSeedReport,
	account: { email: string; displayName: string; role: 'therapist' | 'partner'; coupleId: string | null },
	now: Date
): Promise<string> {
	if (existing.has(account.email)) {
		report.alreadyThere.push(account.email);
		const row = await db.selectFrom('users').select('id').where('email', '=', normalizeEmail(account.email)).executeTakeFirstOrThrow();
		return row.id;
	}
	report.created.push(account.email);
	return createAccount(db, { ...account, password: DEMO_PASSWORD }, now);
}

async function ensureCouple(db: Database, therapistId: string, couple: DemoCouple, now: Date): Promise<string> {
	const found = await db
		.selectFrom('couples')
		.select('id')
		.where('therapist_id', '=', therapistId)
		.where('name', '=', couple.name)
		.executeTakeFirst();
	if (found) return found.id;
	const id = newId();
	await db.insertInto('couples').values({ id, therapist_id: therapistId, name: couple.name, created_at: now.toISOString() }).execute();
	return id;
}
