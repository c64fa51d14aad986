import type { Database } from './database/open';
import type { Partner, Therapist } from './guards';

export interface CoupleSummary {
	id: string;
	name: string;
	partners: string[];
}

/** A therapist's own couples, and nobody else's: the therapist id comes from the session. */
export async function listCouplesForTherapist(db: Database, therapist: Pick<Therapist, 'id'>): Promise<CoupleSummary[]> {
	const rows = await db
		.selectFrom('couples')
		.leftJoin('users as partner', 'partner.couple_id', 'couples.id')
		.select(['couples.id', 'couples.name', 'partner.display_name as partnerName'])
		.where('couples.therapist_id', '=', therapist.id)
		.orderBy('couples.name')
		.orderBy('partner.display_name')
		.execute();

	const couples = new Map<string, CoupleSummary>();
	for (const row of rows) {
		const couple = couples.get(row.id) ?? { id: row.id, name: row.name, partners: [] };
		if (row.partnerName) couple.partners.push(row.partnerName);
		couples.set(row.id, couple);
	}
	return [...couples.values()];
}

export interface PartnerCouple {
	therapistName: string;
	otherPartnerName: string | null;
}

/** What a partner may know of their own couple: who their therapist and partner are. */
export async function coupleForPartner(db: Database, partner: Pick<Partner, 'id' | 'coupleId'>): Promise<PartnerCouple> {
	const couple = await db
		.selectFrom('couples')
		.innerJoin('users as therapist', 'therapist.id', 'couples.therapist_id')
		.select('therapist.display_name as therapistName')
		.where('couples.id', '=', partner.coupleId)
		.executeTakeFirstOrThrow();
	const other = await db
		.selectFrom('users')
		.select('display_name')
		.where('couple_id', '=', partner.coupleId)
		.where('id', '!=', partner.id)
		.executeTakeFirst();
	return { therapistName: couple.therapistName, otherPartnerName: other?.display_name ?? null };
}
