import type { Database } from '../database/open';
import { programForTherapist, type ProgramDetail } from '../programs/programs';
import { refuse, type GuardedEvent } from './signed-in';
import { requireTherapist, type Therapist } from './therapist';

// A page or action under /library/programs/[programId]: the asker is a
// therapist and the program is one they may change (programs/whose.ts).
// Anyone else gets 404, as if there were no such program, and it is logged.

export async function requireTherapistProgram(
	event: GuardedEvent & { params: { programId?: string } },
	db: Database
): Promise<{ therapist: Therapist; program: ProgramDetail }> {
	const therapist = await requireTherapist(event, db);
	const program = event.params.programId
		? await programForTherapist(db, therapist.id, event.params.programId)
		: null;
	if (!program) return refuse(event, db, therapist);
	return { therapist, program };
}
