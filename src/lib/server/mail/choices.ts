import type { Database } from '../database/open';
import type { Role } from '../database/schema';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import { CHOSEN_KINDS, chosenKindInfo, type ChosenKind } from './kinds';

// Which kinds of mail a person gets. No row means the kind's default, so a
// new kind reaches everyone as its default says without a migration.

export async function wantsMail(db: Database, userId: string, kind: ChosenKind): Promise<boolean> {
	const row = await db
		.selectFrom('mail_choices')
		.select('wanted')
		.where('user_id', '=', userId)
		.where('kind', '=', kind)
		.executeTakeFirst();
	return row ? row.wanted === 1 : chosenKindInfo(kind).wantedByDefault;
}

export interface MailChoice {
	kind: ChosenKind;
	label: string;
	wanted: boolean;
}

/** The kinds a person of this role may choose, each with their current choice, in the page's order. */
export async function mailChoices(db: Database, userId: string, role: Role): Promise<MailChoice[]> {
	const rows = await db
		.selectFrom('mail_choices')
		.select(['kind', 'wanted'])
		.where('user_id', '=', userId)
		.execute();
	const chosen = new Map(rows.map((row) => [row.kind, row.wanted === 1]));
	return CHOSEN_KINDS.filter((info) => info.role === role).map((info) => ({
		kind: info.kind,
		label: info.label,
		wanted: chosen.get(info.kind) ?? info.wantedByDefault
	}));
}

/**
 * Stores a person's choices: `true` to get a kind, `false` not to; kinds left
 * out stay as they were. Only kinds meant for the person's role are theirs to
 * choose. Writes only what changes, with one audit row per kind changed, in
 * one transaction; nothing changed, nothing written. Returns the kinds changed.
 * An unsubscribe link is the same change, recorded as coming from the link.
 */
export async function setMailChoices(
	db: Database,
	actor: SignedInActor,
	choices: Partial<Record<ChosenKind, boolean>>,
	now: Date,
	action: 'mail-choices.change' | 'mail-choices.unsubscribe' = 'mail-choices.change'
): Promise<ChosenKind[]> {
	const userId = actor.userId;
	return writeTransaction(db, async (trx) => {
		const user = await trx
			.selectFrom('users')
			.select('role')
			.where('id', '=', userId)
			.executeTakeFirst();
		if (!user) return [];
		const current = await mailChoices(trx, userId, user.role);
		for (const kind of Object.keys(choices))
			if (!current.some((choice) => choice.kind === kind))
				throw new RangeError(`Not a kind of mail a ${user.role} chooses: ${kind}`);
		const changed = current.filter(
			(choice) => choices[choice.kind] !== undefined && choices[choice.kind] !== choice.wanted
		);
		for (const { kind } of changed) {
			const wanted = choices[kind] ? 1 : 0;
			await trx
				.insertInto('mail_choices')
				.values({ user_id: userId, kind, wanted, updated_at: now.toISOString() })
				.onConflict((conflict) =>
					conflict
						.columns(['user_id', 'kind'])
						.doUpdateSet({ wanted, updated_at: now.toISOString() })
				)
				.execute();
		}
		await recordAudit(
			trx,
			actor,
			action,
			changed.map(({ kind }) => ({ type: 'mail-kind', id: kind })),
			now
		);
		return changed.map(({ kind }) => kind);
	});
}
