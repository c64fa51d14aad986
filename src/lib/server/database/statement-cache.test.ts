import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cachingStatements } from './statement-cache';

describe('cachingStatements', () => {
	it('prepares a statement once and hands the same one out for the same SQL', () => {
		const sqlite = new SQLite(':memory:');
		const database = cachingStatements(sqlite);
		const first = database.prepare('SELECT 1 AS one');
		expect(database.prepare('SELECT 1 AS one')).toBe(first);
		expect(database.prepare('SELECT 2 AS two')).not.toBe(first);
		expect(database.size).toBe(2);
		database.close();
		expect(sqlite.open).toBe(false);
	});

	it('keeps at most its capacity, letting the least recently used go first', () => {
		const database = cachingStatements(new SQLite(':memory:'), 2);
		const one = database.prepare('SELECT 1');
		const two = database.prepare('SELECT 2');
		expect(database.prepare('SELECT 1')).toBe(one);
		database.prepare('SELECT 3');
		expect(database.size).toBe(2);
		expect(database.prepare('SELECT 1')).toBe(one);
		expect(database.prepare('SELECT 2')).not.toBe(two);
		database.close();
	});

	it('still runs a cached statement after the table under it changed', () => {
		const sqlite = new SQLite(':memory:');
		const database = cachingStatements(sqlite);
		sqlite.exec('CREATE TABLE notes (text TEXT)');
		sqlite.exec("INSERT INTO notes VALUES ('first')");
		const read = () => database.prepare('SELECT * FROM notes').all([]);
		expect(read()).toEqual([{ text: 'first' }]);
		sqlite.exec("ALTER TABLE notes ADD COLUMN extra TEXT DEFAULT 'x'");
		expect(read()).toEqual([{ text: 'first', extra: 'x' }]);
		database.close();
	});
});
