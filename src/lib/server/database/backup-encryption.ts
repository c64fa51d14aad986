import crypto from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { PRIVATE_FILE_MODE } from './private-files';

// A backup leaves the machine, so it is sealed with authenticated encryption
// (AES-256-GCM) under a key derived from the operator's passphrase (scrypt):
// without the passphrase it reads as noise, and a changed byte anywhere makes
// it refuse to open rather than restore something altered.
//
// The file: MAGIC, a random salt for scrypt, a random nonce, the ciphertext,
// then GCM's 16-byte tag. The header is authenticated too.

const MAGIC = Buffer.from('COMMON-GROUND-BACKUP-1\n', 'utf8');
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + SALT_BYTES + NONCE_BYTES;
/** scrypt at 64 MiB of memory: slow enough to make guessing a passphrase costly, quick enough for a nightly job. */
const SCRYPT = { N: 2 ** 16, r: 8, p: 1, maxmem: 128 * 1024 * 1024 } as const;
/** Long enough that guessing it is out of reach even with a copy of the backup in hand. */
export const MIN_PASSPHRASE_LENGTH = 16;

/** The backup could not be opened with this passphrase: wrong, or the file changed since. */
export class BackupKeyError extends Error {
	override name = 'BackupKeyError';
}

function keyFrom(passphrase: string, salt: Buffer): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		crypto.scrypt(passphrase.normalize('NFC'), salt, 32, SCRYPT, (error, key) =>
			error ? reject(error) : resolve(key)
		)
	);
}

/** Whether `file` starts like an encrypted backup (it may still be damaged or sealed to another passphrase). */
export function isEncryptedBackup(file: string): boolean {
	const handle = fs.openSync(file, 'r');
	try {
		const start = Buffer.alloc(MAGIC.length);
		const read = fs.readSync(handle, start, 0, MAGIC.length, 0);
		return read === MAGIC.length && start.equals(MAGIC);
	} finally {
		fs.closeSync(handle);
	}
}

/** Writes `plain`, sealed, to the new file `sealed` (readable by its owner only). */
export async function encryptBackup(
	plain: string,
	sealed: string,
	passphrase: string
): Promise<void> {
	const salt = crypto.randomBytes(SALT_BYTES);
	const nonce = crypto.randomBytes(NONCE_BYTES);
	const header = Buffer.concat([MAGIC, salt, nonce]);
	const cipher = crypto.createCipheriv('aes-256-gcm', await keyFrom(passphrase, salt), nonce);
	cipher.setAAD(header);
	const out = fs.createWriteStream(sealed, { flags: 'wx', mode: PRIVATE_FILE_MODE });
	out.write(header);
	await pipeline(fs.createReadStream(plain), cipher, out, { end: false });
	await new Promise<void>((resolve, reject) =>
		out.end(cipher.getAuthTag(), () => resolve()).once('error', reject)
	);
}

/**
 * Writes the contents of `sealed` to the new file `plain` (readable by its
 * owner only). The tag is checked only at the end, so on any failure the
 * partly written `plain` is removed: nothing unverified is left behind.
 */
export async function decryptBackup(
	sealed: string,
	plain: string,
	passphrase: string
): Promise<void> {
	const size = fs.statSync(sealed).size;
	if (size <= HEADER_BYTES + TAG_BYTES || !isEncryptedBackup(sealed))
		throw new BackupKeyError('not an encrypted backup, or cut short');
	const handle = fs.openSync(sealed, 'r');
	const header = Buffer.alloc(HEADER_BYTES);
	const tag = Buffer.alloc(TAG_BYTES);
	try {
		fs.readSync(handle, header, 0, HEADER_BYTES, 0);
		fs.readSync(handle, tag, 0, TAG_BYTES, size - TAG_BYTES);
	} finally {
		fs.closeSync(handle);
	}
	const salt = header.subarray(MAGIC.length, MAGIC.length + SALT_BYTES);
	const nonce = header.subarray(MAGIC.length + SALT_BYTES);
	const decipher = crypto.createDecipheriv('aes-256-gcm', await keyFrom(passphrase, salt), nonce);
	decipher.setAAD(header);
	decipher.setAuthTag(tag);
	try {
		await pipeline(
			fs.createReadStream(sealed, { start: HEADER_BYTES, end: size - TAG_BYTES - 1 }),
			decipher,
			fs.createWriteStream(plain, { flags: 'wx', mode: PRIVATE_FILE_MODE })
		);
	} catch (error) {
		fs.rmSync(plain, { force: true });
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
		throw new BackupKeyError('wrong passphrase, or the file is damaged');
	}
}
