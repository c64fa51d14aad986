import type { Database } from '../database/open';
import { hashPassword, passwordProblem, verifyPassword } from './password';
import { invalidateOtherSessions } from './session';
import { recordAudit } from '../audit/audit';
import { writeTransaction } from '../database/write-transaction';
import { FailureThrottle, type Admission } from './rate-limit';

export type PasswordChangeProblems = Partial<
	Record<'currentPassword' | 'newPassword' | 'newPasswordAgain', string>
>;

export type PasswordChangeResult =
	| { outcome: 'changed' }
	| { outcome: 'refused'; problems: PasswordChangeProblems }
	| { outcome: 'throttled'; retryAt: Date };

export type NewPasswordProblems = Pick<PasswordChangeProblems, 'newPassword' | 'newPasswordAgain'>;

/**
 * What is wrong with a new password typed twice, field by field: the
 * password rules first, then the two alike. Changing a password and setting
 * one from a reset link both ask this.
 */
export function newPasswordProblems(
	newPassword: string,
	newPasswordAgain: string
): NewPasswordProblems {
	const problem = passwordProblem(newPassword);
	if (problem) return { newPassword: problem };
	if (newPassword !== newPasswordAgain)
		return {
			newPasswordAgain: 'The two new passwords are different. Type the same password twice.'
		};
	return {};
}

/** Guessing the current password from a stolen session is throttled like sign-in. */
const currentPasswordThrottle = new FailureThrottle('current-password');

/**
 * Changes a user's password after checking the current one, and ends every
 * other session of theirs: a password change is how a person takes their
 * account back from a device they no longer trust.
 */
export async function changePassword(
	db: Database,
	change: {
		userId: string;
		sessionId: string;
		currentPassword: string;
		newPassword: string;
		newPasswordAgain: string;
		clientAddress: string;
	},
	now: Date,
	throttle: FailureThrottle = currentPasswordThrottle
): Promise<PasswordChangeResult> {
	// Counted as a failure until the hash says otherwise (see sign-in.ts).
	const allowance: Admission = await throttle.admit(db, change.userId, now);
	if (!allowance.allowed) return { outcome: 'throttled', retryAt: allowance.retryAt };

	const problems: PasswordChangeProblems = newPasswordProblems(
		change.newPassword,
		change.newPasswordAgain
	);

	const user = await db
		.selectFrom('users')
		.select('password_hash')
		.where('id', '=', change.userId)
		.executeTakeFirstOrThrow();
	if (!(await verifyPassword(user.password_hash, change.currentPassword))) {
		problems.currentPassword = 'That is not your current password.';
		await recordAudit(
			db,
			{ userId: change.userId, clientAddress: change.clientAddress },
			'password.change-failure',
			{ type: 'user', id: change.userId },
			now
		);
	} else {
		await throttle.reset(db, change.userId);
	}
	if (Object.keys(problems).length > 0) return { outcome: 'refused', problems };
	// Hashed before the write lock is taken: Argon2 is deliberately slow.
	const passwordHash = await hashPassword(change.newPassword);
	// The new password, the other devices signed out and the audit row: all of it or none.
	await writeTransaction(db, async (trx) => {
		await trx
			.updateTable('users')
			.set({ password_hash: passwordHash, password_changed_at: now.toISOString() })
			.where('id', '=', change.userId)
			.execute();
		await invalidateOtherSessions(trx, change.userId, change.sessionId);
		await recordAudit(
			trx,
			{ userId: change.userId, clientAddress: change.clientAddress },
			'password.change',
			{ type: 'user', id: change.userId },
			now
		);
	});
	return { outcome: 'changed' };
}
