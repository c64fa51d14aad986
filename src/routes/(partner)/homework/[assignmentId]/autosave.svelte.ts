import type { Answers } from '$lib/worksheets/answers';

// Saving as a partner types. Each change waits a moment of quiet, then goes to
// the server with the revision it builds on. What the page says follows what
// really happened: saving, saved (and when), or not saved and why, with a
// retry when the connection comes back. Nothing is kept in the browser's
// storage: drafts live on the server.

export type SaveState =
	| { kind: 'idle' }
	| { kind: 'waiting' }
	| { kind: 'saving' }
	| { kind: 'saved'; at: Date }
	| { kind: 'offline' }
	| { kind: 'refused'; message: string; problems: Record<string, string> }
	| { kind: 'conflict'; current: { answers: Answers; revision: number } }
	| { kind: 'locked' };

/** What the draft endpoint answers (see +server.ts beside the page); empty when it sent no JSON. */
interface DraftReply {
	revision?: number;
	savedAt?: string;
	conflict?: { answers: Answers; revision: number };
	locked?: string;
	message?: string;
	problems?: Record<string, string>;
}

const QUIET_MS = 1200;
const RETRY_MS = 4000;

export class Autosave {
	state: SaveState = $state({ kind: 'idle' });
	revision: number = $state(0);
	#url: string;
	#saved: string;
	#latest: string;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#inFlight: Promise<void> | null = null;

	constructor(url: string, revision: number, snapshot: string) {
		this.#url = url;
		this.revision = revision;
		this.#saved = snapshot;
		this.#latest = snapshot;
	}

	/** True while something typed is not yet on the server. */
	get unsaved(): boolean {
		return this.#latest !== this.#saved;
	}

	/** Called with the answers as JSON whenever they change. */
	changed(snapshot: string): void {
		if (snapshot === this.#latest) return;
		this.#latest = snapshot;
		if (!this.unsaved || this.state.kind === 'conflict' || this.state.kind === 'locked') return;
		this.state = { kind: 'waiting' };
		this.#schedule(QUIET_MS);
	}

	/** Saves now, and waits for it: before submitting, for one. */
	async flush(): Promise<void> {
		clearTimeout(this.#timer);
		if (this.#inFlight) await this.#inFlight;
		if (this.unsaved && this.state.kind !== 'conflict' && this.state.kind !== 'locked')
			await this.#save();
	}

	/** After a conflict: the partner keeps what is on this page, over the other device's version. */
	keepMine(): void {
		if (this.state.kind !== 'conflict') return;
		this.revision = this.state.current.revision;
		this.state = { kind: 'waiting' };
		this.#saved = '';
		void this.flush();
	}

	/** After a conflict: the partner takes the other device's version; the page shows it. */
	useSaved(snapshot: string): void {
		if (this.state.kind !== 'conflict') return;
		this.revision = this.state.current.revision;
		this.#saved = snapshot;
		this.#latest = snapshot;
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced, never changed in place
		this.state = { kind: 'saved', at: new Date() };
	}

	retryNow(): void {
		if (this.state.kind === 'offline') void this.flush();
	}

	#schedule(delay: number): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.#save(), delay);
	}

	async #save(): Promise<void> {
		if (this.#inFlight) return;
		const snapshot = this.#latest;
		this.state = { kind: 'saving' };
		this.#inFlight = (async () => {
			try {
				const response = await fetch(this.#url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({
						answers: JSON.parse(snapshot) as Answers,
						revision: this.revision
					})
				});
				const body = (await response.json().catch(() => ({}))) as DraftReply;
				if (response.ok) {
					this.revision = body.revision ?? this.revision;
					this.#saved = snapshot;
					// A new Date each time, never changed in place: no reactive date is needed.
					// eslint-disable-next-line svelte/prefer-svelte-reactivity
					this.state = { kind: 'saved', at: new Date(body.savedAt ?? Date.now()) };
				} else if (response.status === 409 && body.conflict) {
					this.state = { kind: 'conflict', current: body.conflict };
				} else if (response.status === 409 && body.locked) {
					this.state = { kind: 'locked' };
				} else if (response.status === 400 || response.status === 413) {
					this.state = {
						kind: 'refused',
						message: body.message ?? 'Some answers could not be saved.',
						problems: body.problems ?? {}
					};
				} else if (response.status === 401) {
					this.state = {
						kind: 'refused',
						message:
							'You have been signed out. Copy anything important, sign in again, and come back.',
						problems: {}
					};
				} else {
					throw new Error(`status ${response.status}`);
				}
			} catch {
				// No connection, or the server is having trouble: keep the words here and try again.
				this.state = { kind: 'offline' };
				this.#schedule(RETRY_MS);
			}
		})();
		await this.#inFlight;
		this.#inFlight = null;
		// Typing went on while saving: save that too.
		if (this.unsaved && (this.state as SaveState).kind === 'saved') {
			this.state = { kind: 'waiting' };
			this.#schedule(QUIET_MS);
		}
	}
}
