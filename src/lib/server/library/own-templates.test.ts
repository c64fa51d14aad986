import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, insertTestUser, type TestDatabase } from '../testing/test-database';
import { insertTestCouple } from '../testing/casework';
import { by } from '../testing/actors';
import {
	deleteOwnTemplate,
	newTemplateId,
	ownTemplate,
	ownTemplates,
	saveOwnTemplate,
	setTemplateArchived,
	templateInUse
} from './own-templates';
import { assignHomework, assignableTemplates } from '../homework/assignments';
import { templateVersion } from './worksheet-templates';
import type { WorksheetTemplate } from '../../worksheets/template';

let t: TestDatabase;
let author: string;
let colleague: string;
const now = new Date('2026-12-02T10:00:00.000Z');

beforeEach(async () => {
	t = await createTestDatabase();
	author = (await insertTestUser(t.db, { role: 'therapist' })).id;
	colleague = (await insertTestUser(t.db, { role: 'therapist' })).id;
});

afterEach(async () => {
	await t.cleanup();
});

function worksheet(title = 'Repair after a fight'): WorksheetTemplate {
	return {
		id: newTemplateId(),
		title,
		intro: '',
		step: null,
		minutes: 10,
		fields: [{ key: 'q1', kind: 'long-text', label: 'What happened' }]
	};
}

describe("a therapist's own worksheets", () => {
	it('are theirs alone: another therapist can neither read, change, archive nor delete them', async () => {
		const template = worksheet();
		expect(await saveOwnTemplate(t.db, by(author), template, now)).toEqual({
			version: 1,
			changed: true
		});
		expect((await ownTemplate(t.db, author, template.id))?.template).toEqual(template);
		expect(await ownTemplate(t.db, colleague, template.id)).toBeNull();
		expect(await ownTemplates(t.db, colleague)).toEqual([]);
		expect(
			await saveOwnTemplate(t.db, by(colleague), { ...template, title: 'Mine' }, now)
		).toBeNull();
		expect(await setTemplateArchived(t.db, by(colleague), template.id, true, now)).toBe(false);
		expect(await deleteOwnTemplate(t.db, by(colleague), template.id, now)).toBe('not-found');
		expect([...(await assignableTemplates(t.db, colleague)).keys()]).not.toContain(template.id);
		expect([...(await assignableTemplates(t.db, author)).keys()]).toContain(template.id);
	});

	it('get a new version for each changed save, and none for an unchanged one', async () => {
		const template = worksheet();
		await saveOwnTemplate(t.db, by(author), template, now);
		expect(await saveOwnTemplate(t.db, by(author), template, now)).toEqual({
			version: 1,
			changed: false
		});
		const changed = { ...template, title: 'Repair, revised' };
		expect(await saveOwnTemplate(t.db, by(author), changed, now)).toEqual({
			version: 2,
			changed: true
		});
		expect(await templateVersion(t.db, template.id, 1)).toEqual(template);
		expect(
			(await ownTemplates(t.db, author)).map((own) => [own.template.title, own.version])
		).toEqual([['Repair, revised', 2]]);
	});

	it('can be deleted until homework uses one; then only archived, and no longer offered', async () => {
		const unused = worksheet('Unused');
		await saveOwnTemplate(t.db, by(author), unused, now);
		expect(await deleteOwnTemplate(t.db, by(author), unused.id, now)).toBe('deleted');
		expect(await ownTemplate(t.db, author, unused.id)).toBeNull();

		const used = worksheet('Used');
		await saveOwnTemplate(t.db, by(author), used, now);
		const { coupleId } = await insertTestCouple(t.db, author, {
			name: 'A & B',
			partnerNames: ['A', 'B'],
			at: now
		});
		const ids = await assignHomework(
			t.db,
			by(author),
			coupleId,
			{ template: used, addressees: [null], dueAt: null, note: '', recurrence: 'once' },
			now
		);
		const set = await t.db
			.selectFrom('assignments')
			.select('template_version')
			.where('id', '=', ids![0]!)
			.executeTakeFirstOrThrow();
		// The homework keeps the version it was set with.
		expect(set.template_version).toBe(1);
		expect(await templateInUse(t.db, used.id)).toBe(true);
		expect(await deleteOwnTemplate(t.db, by(author), used.id, now)).toBe('in-use');
		expect(await setTemplateArchived(t.db, by(author), used.id, true, now)).toBe(true);
		expect([...(await assignableTemplates(t.db, author)).keys()]).not.toContain(used.id);
		expect([...(await assignableTemplates(t.db, author, { archived: true })).keys()]).toContain(
			used.id
		);
	});
});
