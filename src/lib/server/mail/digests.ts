import { TZDate } from '@date-fns/tz';
import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { handedIn } from '../homework/rules';
import { notifyUser } from './notify';

// The therapist's morning digest: at 07:00 on their clock, one mail saying
// there is something new to read, only when partners handed something in
// since the last one. Off unless the therapist turns it on (mail/kinds.ts).

const DIGEST_HOUR = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** 07:00 today on the therapist's clock, or yesterday's if it is not 07:00 yet. */
export function latestDigestTime(now: Date, zone: string): Date {
	const local = new TZDate(now.getTime(), zone);
	const today = new TZDate(
		local.getFullYear(),
		local.getMonth(),
		local.getDate(),
		DIGEST_HOUR,
		0,
		zone
	);
	if (today.getTime() <= now.getTime()) return new Date(today.getTime());
	const yesterday = new TZDate(today.getTime() - DAY_MS / 2 - 1, zone);
	return new Date(
		new TZDate(
			yesterday.getFullYear(),
			yesterday.getMonth(),
			yesterday.getDate(),
			DIGEST_HOUR,
			0,
			zone
		).getTime()
	);
}

/** Queues the digests that are due; returns how many were queued. */
export async function queueDueDigests(db: Database, now: Date): Promise<number> {
	const therapists = await db
		.selectFrom('mail_choices as mc')
		.innerJoin('users as u', 'u.id', 'mc.user_id')
		.leftJoin('mail_digests as md', 'md.therapist_id', 'u.id')
		.select(['u.id', 'u.time_zone', 'md.covered_until'])
		.where('mc.kind', '=', 'daily-digest')
		.where('mc.wanted', '=', 1)
		.where('u.role', '=', 'therapist')
		.execute();

	let queued = 0;
	for (const therapist of therapists) {
		const digestTime = latestDigestTime(now, therapist.time_zone);
		// Never more than a day: a first digest, or one after the server was down, covers the last day.
		const dayBefore = new Date(digestTime.getTime() - DAY_MS).toISOString();
		const from = [therapist.covered_until ?? dayBefore, dayBefore].sort()[1]!;
		if (from >= digestTime.toISOString()) continue;
		const sent = await writeTransaction(db, async (trx) => {
			const news = await trx
				.selectFrom('responses as r')
				.innerJoin('assignments as a', 'a.id', 'r.assignment_id')
				.innerJoin('couples as c', 'c.id', 'a.couple_id')
				.select('r.id')
				.where('c.therapist_id', '=', therapist.id)
				.where((eb) => handedIn(eb.ref('r.status')))
				.where('r.submitted_at', '>', from)
				.where('r.submitted_at', '<=', digestTime.toISOString())
				.limit(1)
				.executeTakeFirst();
			await trx
				.insertInto('mail_digests')
				.values({ therapist_id: therapist.id, covered_until: digestTime.toISOString() })
				.onConflict((conflict) =>
					conflict.column('therapist_id').doUpdateSet({ covered_until: digestTime.toISOString() })
				)
				.execute();
			if (!news) return false;
			// Sent by noon or not at all: a morning digest read in the evening misleads.
			const sendBy = new Date(digestTime.getTime() + 5 * 60 * 60 * 1000);
			return (
				(await notifyUser(trx, therapist.id, 'daily-digest', '/practice', now, sendBy)) !== null
			);
		});
		if (sent) queued++;
	}
	return queued;
}
