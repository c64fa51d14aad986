import { onMount } from 'svelte';
import { goto } from '$app/navigation';
import { browserSupportsWebAuthn, ceremonyProblem, signInWithPasskey } from './passkeys';

// Signing in with a passkey, alone (/sign-in) or as the second step
// (/sign-in/code): the same ceremony against each page's own endpoints. The
// state a page shows: whether its script runs at all (without it there is no
// passkey, and the page says so), whether this browser can use passkeys,
// whether the person is in the browser's dialog, and what went wrong.

export class PasskeySignIn {
	scripted = $state(false);
	supported = $state(false);
	waiting = $state(false);
	message = $state<string | null>(null);

	/** Call while the page's script starts (it registers an onMount). */
	constructor(
		private readonly endpoint: string,
		private readonly refused: string
	) {
		onMount(() => {
			this.scripted = true;
			this.supported = browserSupportsWebAuthn();
		});
	}

	/** Asks for a passkey, sends its answer with `fields`, and goes where the server says. */
	async use(fields: Record<string, string>): Promise<void> {
		this.message = null;
		this.waiting = true;
		try {
			const answer = await signInWithPasskey(this.endpoint, fields);
			if (answer.location) {
				await goto(answer.location, { invalidateAll: true });
				return;
			}
			this.message = answer.message ?? this.refused;
		} catch (error) {
			this.message = ceremonyProblem(error);
		}
		this.waiting = false;
	}
}
