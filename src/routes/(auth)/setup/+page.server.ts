import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { writeTransaction } from '$lib/server/database/write-transaction';
import {
	createAccount,
	displayNameProblem,
	emailProblem,
	normalizeEmail,
	therapistExists
} from '$lib/server/accounts/accounts';
import { passwordProblem } from '$lib/server/accounts/password';
import { createSession, generateSessionToken } from '$lib/server/accounts/session';
import { setSessionCookie } from '$lib/server/accounts/session-cookie';
import { recordAudit } from '$lib/server/audit/audit';
import { clientAddress } from '$lib/server/http/client-address';
import { readForm, textFields } from '$lib/server/http/form';

// First run only: the first therapist creates their account. Once any
// therapist exists this page does not exist for anyone.
export const load: PageServerLoad = async () => {
	if (await therapistExists(appDatabase())) error(404, 'Not found');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const db = appDatabase();
		if (await therapistExists(db)) error(404, 'Not found');

		const fields = textFields(await readForm(event.request), [
			'displayName',
			'email',
			'password',
			'passwordAgain'
		]);
		const problems = {
			displayName: displayNameProblem(fields.displayName),
			email: emailProblem(normalizeEmail(fields.email)),
			password: passwordProblem(fields.password),
			passwordAgain:
				fields.password === fields.passwordAgain
					? null
					: 'The two passwords are different. Type the same password twice.'
		};
		// What was typed comes back, except the passwords.
		const typed = { displayName: fields.displayName, email: fields.email };
		if (Object.values(problems).some(Boolean)) return fail(400, { ...typed, problems });

		const now = new Date();
		// Checked and created under one write lock, so two people racing through setup make one account.
		const therapistId = await writeTransaction(db, async (trx) => {
			if (await therapistExists(trx)) return null;
			return createAccount(
				trx,
				{
					email: fields.email,
					displayName: fields.displayName,
					password: fields.password,
					role: 'therapist'
				},
				now
			);
		});
		if (therapistId === null) error(404, 'Not found');

		await recordAudit(
			db,
			{ userId: therapistId, clientAddress: clientAddress(event) },
			'setup.first-therapist',
			{ type: 'user', id: therapistId },
			now
		);
		const token = generateSessionToken();
		const session = await createSession(db, token, { id: therapistId, role: 'therapist' }, now);
		setSessionCookie(event.cookies, event.url, token, session.expiresAt);
		redirect(303, '/practice');
	}
};
