// `npm run rotate-two-step-key`: re-seals every person's two-step (TOTP) key
// in the database at DATABASE_URL or DATABASE_PATH with the current two-step
// key, so the key being replaced can be retired. With TWO_STEP_KEY (the new
// key) and TWO_STEP_KEY_PREVIOUS (the old one) it uses those; on SQLite with
// neither it makes the new key file itself, keeping the old one as
// `<DATABASE_PATH>.key.previous` until the re-seal has committed. Prints how
// many it re-sealed and the account ids whose key opens with neither key
// (left as they were), never a key. See the README, "Rotating the two-step key".
import fs from 'node:fs';
import { databaseLocation } from '../src/lib/server/startup/config';
import { describeLocation, openLocation } from '../src/lib/server/database/app-database';
import { isPostgresLocation } from '../src/lib/server/database/engine';
import { StartupError } from '../src/lib/server/startup/startup-error';
import { keyFileFor } from '../src/lib/server/accounts/two-step-key';
import {
	forgetPreviousKeyFile,
	resealTotpKeys,
	rotationKeys,
	RotationRefused
} from '../src/lib/server/accounts/two-step-key-rotation';

const location = databaseLocation();
if (!isPostgresLocation(location) && !fs.existsSync(location)) {
	console.error(`There is no database at ${location}: set DATABASE_PATH to the server's database.`);
	process.exit(1);
}
try {
	const keys = rotationKeys(location);
	const { db } = await openLocation(location);
	let report;
	try {
		report = await resealTotpKeys(db, keys);
	} finally {
		await db.destroy();
	}
	forgetPreviousKeyFile(keys);
	if (keys.madeKeyFile)
		console.log(
			`Made a new two-step key in ${keyFileFor(location)}: keep a copy of it apart from the backups, and keep the old key's copy too (backups made before now need it).`
		);
	else if (keys.previousKeyFile)
		console.log(`Went on with the rotation begun earlier to the key in ${keyFileFor(location)}.`);
	console.log(
		`Re-sealed ${report.resealed} two-step ${report.resealed === 1 ? 'key' : 'keys'} in ${describeLocation(location)} with the current key (${report.alreadyCurrent} already sealed with it).`
	);
	for (const account of report.unopenable)
		console.error(
			`Account ${account}: its two-step key opens with neither key and was left as it was; that person signs in with a recovery code and sets two-step up again.`
		);
	if (keys.previousKeyFile)
		console.log('The previous key file is removed: start the server again.');
	else
		console.log(
			'The previous key is no longer needed: restart each app process without TWO_STEP_KEY_PREVIOUS.'
		);
} catch (error) {
	if (!(error instanceof RotationRefused) && !(error instanceof StartupError)) throw error;
	console.error(error.message);
	process.exit(1);
}
