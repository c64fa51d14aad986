import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogEvent } from 'kysely';

// How many SQL statements one request runs, for `npm run benchmark`: with
// COUNT_STATEMENTS=1 each response says it in a `Statements` header. Off on a
// real server, where nothing is counted.

const counting = new AsyncLocalStorage<{ statements: number }>();

export function countingStatements(): boolean {
	return process.env.COUNT_STATEMENTS === '1';
}

/** Kysely's query log: one more statement for the request it ran in. */
export function countStatement(event: LogEvent): void {
	if (event.level !== 'query') return;
	const tally = counting.getStore();
	if (tally) tally.statements += 1;
}

/** Runs one request's work and returns what it made with the statements it ran. */
export async function withStatementCount<T>(
	work: () => Promise<T>
): Promise<{ result: T; statements: number }> {
	const tally = { statements: 0 };
	const result = await counting.run(tally, work);
	return { result, statements: tally.statements };
}
