import type { Database } from '../database/open';
import { writeTransaction } from '../database/write-transaction';
import { recordAudit, type SignedInActor } from '../audit/audit';
import type { FailureThrottle } from './rate-limit';
import { newRecoveryCodes } from './recovery-codes';
import { checkSecondStep, serverSecondStepThrottle, type CodeCheck } from './two-step';
import { checkSecondStepPasskey } from './passkey-sign-in';
import { secondStepsOf } from './two-step-methods';
import type { RelyingParty } from './relying-party';

// New recovery codes for whoever has a second step, app codes or passkeys
// alike: proven with a fresh second step (a code from the app, a recovery
// code, or a passkey), throttled and audited as at sign-in. The old set
// stops working; the new one is returned to be shown once.

/** What the person gave to prove it is them: a typed code, or a passkey's answer. */
export type SecondStepProof = { code: string } | { passkey: string };

export type RecoveryCodeRenewal =
	| { outcome: 'replaced'; recoveryCodes: string[] }
	/** Recovery codes stand in for a second step; without one there is nothing to recover. */
	| { outcome: 'no-second-step' }
	| Exclude<CodeCheck, { outcome: 'accepted' }>;

export async function replaceRecoveryCodes(
	db: Database,
	actor: SignedInActor,
	proof: SecondStepProof,
	rp: RelyingParty,
	now: Date,
	throttle: FailureThrottle = serverSecondStepThrottle
): Promise<RecoveryCodeRenewal> {
	if (!(await hasSecondStep(db, actor.userId))) return { outcome: 'no-second-step' };
	const check =
		'passkey' in proof
			? await checkSecondStepPasskey(db, actor, proof.passkey, rp, now, throttle)
			: await checkSecondStep(db, actor, proof.code, now, throttle);
	if (check.outcome !== 'accepted') return check;
	return writeTransaction(db, async (trx) => {
		// The last second step may have gone while the proof was checked.
		if (!(await hasSecondStep(trx, actor.userId))) return { outcome: 'no-second-step' as const };
		const recoveryCodes = await newRecoveryCodes(trx, actor.userId, now);
		await recordAudit(
			trx,
			actor,
			'two-step.new-recovery-codes',
			{ type: 'user', id: actor.userId },
			now
		);
		return { outcome: 'replaced' as const, recoveryCodes };
	});
}

async function hasSecondStep(db: Database, userId: string): Promise<boolean> {
	const steps = await secondStepsOf(db, userId);
	return steps.appCodes || steps.passkeys;
}
