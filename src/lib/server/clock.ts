import fs from 'node:fs';

/**
 * The server's idea of now. It is the machine's clock, except under test:
 * when `CLOCK_FILE` names a file holding a number, that many milliseconds are
 * added, so a browser test can move the server a day on (to see a reminder
 * go out, or a link expire) without waiting for it. The file is read on every
 * call; a missing or unreadable one means no offset.
 */
export function now(): Date {
	return new Date(Date.now() + clockOffset());
}

function clockOffset(): number {
	const file = process.env.CLOCK_FILE;
	if (!file) return 0;
	try {
		const offset = Number(fs.readFileSync(file, 'utf8').trim());
		return Number.isFinite(offset) ? offset : 0;
	} catch {
		return 0;
	}
}
