// Settings read from the environment. The README's configuration table lists them.

export function databasePath(): string {
	return process.env.DATABASE_PATH || './data/common-ground.db';
}
