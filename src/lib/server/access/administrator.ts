import type { Database } from '../database/open';
import { refuse, type GuardedEvent } from './signed-in';
import { requireTherapist, type Therapist } from './therapist';

// The practice administrator's guard. The role manages accounts and
// policies; it opens no couple (those stay with access/therapist.ts).

export type Administrator = Therapist & { practiceId: string; practiceRole: 'administrator' };

export async function requireAdministrator(
	event: GuardedEvent,
	db: Database
): Promise<Administrator> {
	const therapist = await requireTherapist(event, db);
	if (therapist.practiceRole === 'administrator' && therapist.practiceId !== null)
		return therapist as Administrator;
	return refuse(event, db, therapist);
}
