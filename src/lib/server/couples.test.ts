import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coupleForPartner, listCouplesForTherapist } from './couples';
import { createTestDatabase, insertTestCouple, insertTestUser, type TestDatabase } from './testing/test-database';

let t: TestDatabase;
let practice: {
	therapist: string;
	otherTherapist: string;
	alexAndSam: string;
	jordanAndCasey: string;
	newCouple: string;
	alex: string;
	sam: string;
	jordan: string;
};

beforeEach(async () => {
	t = await createTestDatabase();
	const therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	const otherTherapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
	const alexAndSam = await insertTestCouple(t.db, therapist, 'Alex & Sam');
	const newCouple = await insertTestCouple(t.db, therapist, 'Blake & Drew');
	const jordanAndCasey = await insertTestCouple(t.db, otherTherapist, 'Jordan & Casey');
	const partner = async (coupleId: string, displayName: string) => {
		const { id } = await insertTestUser(t.db, { role: 'partner', coupleId });
		await t.db.updateTable('users').set({ display_name: displayName }).where('id', '=', id).execute();
		return id;
	};
	const sam = await partner(alexAndSam, 'Sam');
	const alex = await partner(alexAndSam, 'Alex');
	const jordan = await partner(jordanAndCasey, 'Jordan');
	await partner(jordanAndCasey, 'Casey');
	await t.db.updateTable('users').set({ display_name: 'Dr. Reyes' }).where('id', '=', therapist).execute();
	practice = { therapist, otherTherapist, alexAndSam, jordanAndCasey, newCouple, alex, sam, jordan };
});

afterEach(async () => {
	await t.cleanup();
});

describe('listCouplesForTherapist', () => {
	it("lists the therapist's own couples by name, with partners by name, and no one else's", async () => {
		expect(await listCouplesForTherapist(t.db, { id: practice.therapist })).toEqual([
			{ id: practice.alexAndSam, name: 'Alex & Sam', partners: ['Alex', 'Sam'] },
			{ id: practice.newCouple, name: 'Blake & Drew', partners: [] }
		]);
		expect(await listCouplesForTherapist(t.db, { id: practice.otherTherapist })).toEqual([
			{ id: practice.jordanAndCasey, name: 'Jordan & Casey', partners: ['Casey', 'Jordan'] }
		]);
	});

	it('lists nothing for a partner or an unknown id', async () => {
		expect(await listCouplesForTherapist(t.db, { id: practice.alex })).toEqual([]);
		expect(await listCouplesForTherapist(t.db, { id: 'nobody' })).toEqual([]);
	});
});

describe('coupleForPartner', () => {
	it("names the partner's therapist and the other partner", async () => {
		expect(await coupleForPartner(t.db, { id: practice.alex, coupleId: practice.alexAndSam })).toEqual({
			therapistName: 'Dr. Reyes',
			otherPartnerName: 'Sam'
		});
		expect(await coupleForPartner(t.db, { id: practice.sam, coupleId: practice.alexAndSam })).toEqual({
			therapistName: 'Dr. Reyes',
			otherPartnerName: 'Alex'
		});
	});

	it('has no other partner while only one has joined', async () => {
		const { id } = await insertTestUser(t.db, { role: 'partner', coupleId: practice.newCouple });
		expect(await coupleForPartner(t.db, { id, coupleId: practice.newCouple })).toMatchObject({ otherPartnerName: null });
	});
});
