import type { Database } from '../database/open';
import { syncBuiltinTemplates } from '../library/worksheet-templates';
import { BUILTIN_TEMPLATES } from '../../worksheets/builtin';

/** The built-in worksheet templates, stored as the server stores them at startup, on a fixed day. */
export async function storeBuiltinTemplates(db: Database): Promise<void> {
	await syncBuiltinTemplates(db, BUILTIN_TEMPLATES, new Date('2026-11-01T00:00:00.000Z'));
}
