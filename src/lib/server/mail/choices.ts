import type { Database } from '../database/open';
import { chosenKindInfo, type ChosenKind } from './kinds';

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
