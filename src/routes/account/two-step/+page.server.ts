import { fail, redirect } from '@sveltejs/kit';
import { renderSVG } from 'uqr';
import type { Actions, PageServerLoad } from './$types';
import { appDatabase } from '$lib/server/database/app-database';
import { requireUser } from '$lib/server/access/signed-in';
import { requestActor } from '$lib/server/audit/actor';
import { readForm, textFields } from '$lib/server/http/form';
import {
	confirmTwoStepSetup,
	setupInProgress,
	startTwoStepSetup,
	turnOffTwoStep,
	type CodeCheck
} from '$lib/server/accounts/two-step';
import { recoveryCodesLeft } from '$lib/server/accounts/recovery-codes';
import { replaceRecoveryCodes } from '$lib/server/accounts/recovery-code-renewal';
import { secondStepsOf } from '$lib/server/accounts/two-step-methods';
import {
	addPasskey,
	checkPasskeyName,
	passkeysOf,
	removePasskey
} from '$lib/server/accounts/passkeys';
import { relyingParty } from '$lib/server/accounts/relying-party';
import { secondsUntil, waitDescription } from '$lib/wait-description';
import * as clock from '$lib/server/clock';

// Two-step sign-in on the person's own account: start, confirm with a first
// code, off; passkeys added and removed; new recovery codes for whoever has
// either second step. Recovery codes are shown once, in the answer to the
// form that made them, never in a load. The key is on this page only while
// the setup waits for its first code.

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = appDatabase();
	const steps = await secondStepsOf(db, user.id);
	const on = steps.appCodes;
	const setup = on ? null : await setupInProgress(db, user.id);
	return {
		on,
		// Recovery codes stand in for either second step, so they go with any.
		recoveryCodesLeft:
			steps.appCodes || steps.passkeys ? await recoveryCodesLeft(db, user.id) : null,
		setup: setup
			? {
					keyText: setup.keyText,
					// Drawn on the server from the key: the same key as the text beside it.
					qrSvg: renderSVG(setup.keyUri, { border: 2 })
				}
			: null,
		recoveryCodeUsed: event.url.searchParams.has('recovery-code-used'),
		required: user.mustSetUpTwoStep,
		turnedOff: event.url.searchParams.has('off'),
		passkeys: (await passkeysOf(db, user.id)).map((passkey) => ({
			id: passkey.id,
			name: passkey.name,
			createdAt: passkey.createdAt.toISOString(),
			lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null
		})),
		timeZone: user.timeZone,
		passkeyAdded: event.url.searchParams.has('passkey-added'),
		passkeyRemoved: event.url.searchParams.has('passkey-removed')
	};
};

function codeProblem(
	event: Parameters<Actions[string]>[0],
	result: Exclude<CodeCheck, { outcome: 'accepted' }>,
	now: Date
) {
	if (result.outcome === 'throttled') {
		const seconds = secondsUntil(result.retryAt, now);
		event.setHeaders({ 'Retry-After': String(seconds) });
		return fail(429, {
			codeProblem: `Too many wrong codes. Wait ${waitDescription(seconds)} and try again.`
		});
	}
	if (result.appCodesUnusable)
		return fail(400, {
			codeProblem:
				'Codes from your app cannot be checked on this server any more: type one of your recovery codes.'
		});
	return fail(400, {
		codeProblem:
			'That code did not work. Type the 6 digits your app shows now; each code works once.'
	});
}

export const actions: Actions = {
	start: async (event) => {
		const user = requireUser(event);
		await startTwoStepSetup(appDatabase(), requestActor(event, user.id), clock.now());
		redirect(303, '/account/two-step');
	},
	confirm: async (event) => {
		const user = requireUser(event);
		const { code } = textFields(await readForm(event.request), ['code']);
		const now = clock.now();
		const result = await confirmTwoStepSetup(
			appDatabase(),
			requestActor(event, user.id),
			code,
			now
		);
		if (result.outcome !== 'on') return codeProblem(event, result, now);
		return { recoveryCodes: result.recoveryCodes };
	},
	newCodes: async (event) => {
		const user = requireUser(event);
		const fields = textFields(await readForm(event.request), ['confirmCode', 'credential']);
		const now = clock.now();
		// The passkey's answer when the page's script asked for one; otherwise the typed code.
		const withPasskey = fields.credential !== '';
		const db = appDatabase();
		const result = await replaceRecoveryCodes(
			db,
			requestActor(event, user.id),
			withPasskey ? { passkey: fields.credential } : { code: fields.confirmCode },
			relyingParty(),
			now
		);
		if (result.outcome === 'replaced')
			return { recoveryCodes: result.recoveryCodes, recoveryCodesReplaced: true };
		if (result.outcome === 'no-second-step')
			return fail(409, {
				newCodesProblem:
					'Recovery codes come with a second step: set up codes from an app or add a passkey first.'
			});
		if (withPasskey && result.outcome === 'refused')
			return fail(400, {
				newCodesProblem: 'That passkey did not work. Try again, or type a code instead.'
			});
		if (result.outcome === 'refused' && !(await secondStepsOf(db, user.id)).appCodes)
			return fail(400, {
				confirmCodeProblem: 'That code did not work. Type one of your unused recovery codes.'
			});
		const refused = codeProblem(event, result, now);
		return withPasskey
			? fail(refused.status, { newCodesProblem: refused.data.codeProblem })
			: fail(refused.status, { confirmCodeProblem: refused.data.codeProblem });
	},
	off: async (event) => {
		const user = requireUser(event);
		const { offCode } = textFields(await readForm(event.request), ['offCode']);
		const now = clock.now();
		const result = await turnOffTwoStep(appDatabase(), requestActor(event, user.id), offCode, now);
		if (result.outcome === 'required')
			return fail(409, {
				offProblem: 'Your practice requires two-step sign-in for therapists: it stays on.'
			});
		if (result.outcome !== 'accepted') {
			const refused = codeProblem(event, result, now);
			return fail(refused.status, { offProblem: refused.data.codeProblem });
		}
		redirect(303, '/account/two-step?off');
	},
	addPasskey: async (event) => {
		const user = requireUser(event);
		const fields = textFields(await readForm(event.request), ['passkeyName', 'credential']);
		const name = checkPasskeyName(fields.passkeyName);
		if (!name.ok)
			return fail(400, { passkeyName: fields.passkeyName, passkeyProblem: name.message });
		if (fields.credential === '')
			return fail(400, {
				passkeyName: fields.passkeyName,
				passkeyProblem: 'Adding a passkey needs JavaScript in this browser.'
			});
		const result = await addPasskey(
			appDatabase(),
			requestActor(event, user.id),
			name.name,
			fields.credential,
			relyingParty(),
			clock.now()
		);
		if (result.outcome !== 'added')
			return fail(400, {
				passkeyName: fields.passkeyName,
				passkeyProblem:
					'The passkey could not be added: the request took too long or did not match. Try again.'
			});
		if (result.recoveryCodes) return { recoveryCodes: result.recoveryCodes, passkeyAdded: true };
		redirect(303, '/account/two-step?passkey-added');
	},
	removePasskey: async (event) => {
		const user = requireUser(event);
		const { passkeyId } = textFields(await readForm(event.request), ['passkeyId']);
		const result = await removePasskey(
			appDatabase(),
			requestActor(event, user.id),
			passkeyId,
			clock.now()
		);
		if (result.outcome === 'not-found') return fail(404, { removeProblem: 'No such passkey.' });
		if (result.outcome === 'required')
			return fail(409, {
				removeProblem:
					'Your practice requires two-step sign-in for therapists, and this is your last way to give it. Add another passkey or set up codes from an app first.'
			});
		redirect(303, '/account/two-step?passkey-removed');
	}
};
