import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	keyFileFor,
	loadPreviousTwoStepKey,
	loadTwoStepKey,
	parseTwoStepKey,
	previousKeyFileFor
} from './two-step-key';
import { StartupError } from '../startup/startup-error';

const folders: string[] = [];

function databaseFile(): string {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-two-step-key-'));
	folders.push(folder);
	return path.join(folder, 'app.db');
}

afterEach(() => {
	for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

describe("the server's two-step key", () => {
	it('is made beside the database on the first start, readable by its owner only, and reused', () => {
		const file = databaseFile();
		const first = loadTwoStepKey(file, {});
		expect(first).toHaveLength(32);
		const stat = fs.statSync(keyFileFor(file));
		expect(stat.mode & 0o777).toBe(0o600);
		expect(Buffer.from(loadTwoStepKey(file, {}))).toEqual(Buffer.from(first));
		// Nothing else was left in the folder (the temporary file is gone).
		expect(fs.readdirSync(path.dirname(file))).toEqual(['app.db.key']);
	});

	it('warns in one line when others could read the key file', () => {
		const file = databaseFile();
		loadTwoStepKey(file, {});
		fs.chmodSync(keyFileFor(file), 0o644);
		const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
		try {
			loadTwoStepKey(file, {});
			expect(warnings).toHaveBeenCalledTimes(1);
			expect(String(warnings.mock.calls[0]![0])).toContain('chmod 600');
		} finally {
			warnings.mockRestore();
		}
	});

	it('comes from TWO_STEP_KEY when set, in base64 or hex, and then no file is made', () => {
		const file = databaseFile();
		const bytes = Buffer.alloc(32, 7);
		expect(Buffer.from(loadTwoStepKey(file, { TWO_STEP_KEY: bytes.toString('base64') }))).toEqual(
			bytes
		);
		expect(Buffer.from(loadTwoStepKey(file, { TWO_STEP_KEY: bytes.toString('hex') }))).toEqual(
			bytes
		);
		expect(fs.existsSync(keyFileFor(file))).toBe(false);
	});

	it('stops the server with one line, never showing the value, when it is not 32 bytes', () => {
		const file = databaseFile();
		const short = Buffer.alloc(16, 1).toString('base64');
		expect(() => loadTwoStepKey(file, { TWO_STEP_KEY: short })).toThrow(StartupError);
		try {
			loadTwoStepKey(file, { TWO_STEP_KEY: short });
		} catch (error) {
			expect((error as Error).message).not.toContain(short);
		}
		fs.writeFileSync(keyFileFor(file), 'not a key\n');
		expect(() => loadTwoStepKey(file, {})).toThrow(/is damaged/);
	});

	it('reads only whole 32-byte keys', () => {
		expect(parseTwoStepKey(Buffer.alloc(32).toString('base64'))).toHaveLength(32);
		expect(parseTwoStepKey(Buffer.alloc(31).toString('base64'))).toBeNull();
		expect(parseTwoStepKey('zz'.repeat(32))).toBeNull();
	});

	it('has a previous key, for opening only, from TWO_STEP_KEY_PREVIOUS or the previous key file', () => {
		const file = databaseFile();
		const previous = Buffer.alloc(32, 9);
		expect(loadPreviousTwoStepKey(file, {})).toBeNull();
		expect(
			Buffer.from(
				loadPreviousTwoStepKey(file, { TWO_STEP_KEY_PREVIOUS: previous.toString('hex') })!
			)
		).toEqual(previous);
		expect(() => loadPreviousTwoStepKey(file, { TWO_STEP_KEY_PREVIOUS: 'c2hvcnQ=' })).toThrow(
			/^TWO_STEP_KEY_PREVIOUS must be 32 random bytes/u
		);
		fs.writeFileSync(previousKeyFileFor(file), `${previous.toString('base64')}\n`, { mode: 0o600 });
		expect(Buffer.from(loadPreviousTwoStepKey(file, {})!)).toEqual(previous);
		// With TWO_STEP_KEY the key files are not the server's: neither is the previous one.
		expect(
			loadPreviousTwoStepKey(file, { TWO_STEP_KEY: Buffer.alloc(32, 7).toString('base64') })
		).toBeNull();
		expect(loadPreviousTwoStepKey('postgres://app@db:5432/practice', {})).toBeNull();
		fs.writeFileSync(previousKeyFileFor(file), 'damaged\n');
		expect(() => loadPreviousTwoStepKey(file, {})).toThrow(/is damaged/u);
	});
});
