import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { removeTwoStep } from '../accounts/two-step';
import { removeEveryPasskey } from '../accounts/passkeys';
import { hasPasskey } from '../accounts/two-step-methods';
import type { PracticeRole } from '../database/schema';

// What the administrator does to colleagues' accounts. Each answers false
// for anyone who is not a therapist of the administrator's own practice, and
// never touches the administrator's own account (they cannot lock themselves out).

export interface Colleague {
	id: string;
	name: string;
	email: string;
	role: PracticeRole;
	twoStepOn: boolean;
	deactivated: boolean;
	/** How many couples are theirs (counted, never named: the administrator reads no couple). */
	coupleCount: number;
}

export async function colleaguesOf(db: Database, practiceId: string): Promise<Colleague[]> {
	const rows = await db
		.selectFrom('users')
		.select(['id', 'display_name', 'email', 'practice_role', 'totp_confirmed_at', 'deactivated_at'])
		.select((eb) => hasPasskey(eb).as('has_passkey'))
		.select((eb) =>
			eb
				.selectFrom('couples')
				.select((count) => count.fn.countAll<number>().as('count'))
				.whereRef('couples.therapist_id', '=', 'users.id')
				.as('couple_count')
		)
		.where('practice_id', '=', practiceId)
		.where('role', '=', 'therapist')
		.orderBy('display_name')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		name: row.display_name ?? '',
		email: row.email,
		role: row.practice_role ?? 'member',
		twoStepOn: row.totp_confirmed_at !== null || row.has_passkey === 1,
		deactivated: row.deactivated_at !== null,
		coupleCount: Number(row.couple_count ?? 0)
	}));
}

async function colleagueOf(
	db: Database,
	administrator: SignedInActor & { practiceId: string },
	colleagueId: string
): Promise<{ id: string; deactivated: boolean } | null> {
	if (colleagueId === administrator.userId) return null;
	const row = await db
		.selectFrom('users')
		.select(['id', 'deactivated_at'])
		.where('id', '=', colleagueId)
		.where('practice_id', '=', administrator.practiceId)
		.where('role', '=', 'therapist')
		.executeTakeFirst();
	return row ? { id: row.id, deactivated: row.deactivated_at !== null } : null;
}

/**
 * Deactivates a colleague's account: it cannot sign in, and every session of
 * it ends at once. Nothing is deleted: their couples, notes and audit trail stay.
 */
export async function deactivateColleague(
	db: Database,
	administrator: SignedInActor & { practiceId: string },
	colleagueId: string,
	now: Date
): Promise<boolean> {
	return writeTransaction(db, async (trx) => {
		const colleague = await colleagueOf(trx, administrator, colleagueId);
		if (!colleague) return false;
		if (colleague.deactivated) return true;
		await trx
			.updateTable('users')
			.set({ deactivated_at: now.toISOString() })
			.where('id', '=', colleague.id)
			.execute();
		await trx.deleteFrom('sessions').where('user_id', '=', colleague.id).execute();
		await recordAudit(
			trx,
			administrator,
			'colleague.deactivate',
			{ type: 'user', id: colleague.id },
			now
		);
		return true;
	});
}

/**
 * Lets a deactivated colleague sign in again (back from leave, deactivated
 * by mistake). Their couples are theirs again only if they were not handed
 * over meanwhile; their two-step is as it was.
 */
export async function reactivateColleague(
	db: Database,
	administrator: SignedInActor & { practiceId: string },
	colleagueId: string,
	now: Date
): Promise<boolean> {
	return writeTransaction(db, async (trx) => {
		const colleague = await colleagueOf(trx, administrator, colleagueId);
		if (!colleague) return false;
		if (!colleague.deactivated) return true;
		await trx
			.updateTable('users')
			.set({ deactivated_at: null })
			.where('id', '=', colleague.id)
			.execute();
		await recordAudit(
			trx,
			administrator,
			'colleague.reactivate',
			{ type: 'user', id: colleague.id },
			now
		);
		return true;
	});
}

/**
 * A colleague lost their phone and their recovery codes: their two-step is
 * removed, their sessions end, and they must set it up again when they next
 * sign in (with their password) before any other page opens.
 */
export async function resetColleagueTwoStep(
	db: Database,
	administrator: SignedInActor & { practiceId: string },
	colleagueId: string,
	now: Date
): Promise<boolean> {
	return writeTransaction(db, async (trx) => {
		const colleague = await colleagueOf(trx, administrator, colleagueId);
		if (!colleague || colleague.deactivated) return false;
		// Passkeys first: with none left, removing the codes takes the recovery codes too.
		await removeEveryPasskey(trx, colleague.id);
		await removeTwoStep(trx, administrator, colleague.id, now);
		await trx
			.updateTable('users')
			.set({ two_step_reset_at: now.toISOString() })
			.where('id', '=', colleague.id)
			.execute();
		await trx.deleteFrom('sessions').where('user_id', '=', colleague.id).execute();
		await recordAudit(
			trx,
			administrator,
			'colleague.two-step-reset',
			{ type: 'user', id: colleague.id },
			now
		);
		return true;
	});
}
