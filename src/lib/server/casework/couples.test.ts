import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	COUPLES_SHOWN,
	COUPLE_NAME_MAX,
	PARTNER_NAME_MAX,
	POLICY_TEXT_MAX,
	coupleForPartner,
	coupleForTherapist,
	coupleProblems,
	createCouple,
	currentCoupleNames,
	listCouplesForTherapist,
	setCoupleArchived,
	updateCouple,
	type CoupleInput
} from './couples';
import { acceptInvitation, issueInvitation } from './invitations';
import { assignHomework } from '../homework/assignments';
import { createSession, generateSessionToken, validateSessionToken } from '../accounts/session';
import { scheduleSession, setSessionStatus } from './therapy-sessions';
import { BUILTIN_TEMPLATES } from '../../worksheets/builtin';
import {
	createTestDatabase,
	insertTestCouple,
	insertTestPartner,
	insertTestUser,
	type TestDatabase
} from '../testing/test-database';
import { by } from '../testing/actors';

const now = new Date('2026-11-27T14:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(now.getTime() + days * DAY);

const input = (change: Partial<CoupleInput> = {}): CoupleInput => ({
	name: 'Alex & Sam',
	partnerNames: ['Alex', 'Sam'],
	secretsPolicy: 'limited-secrets',
	policyText: 'What you tell me alone stays with me unless you agree.',
	...change
});

describe('coupleProblems', () => {
	it('finds nothing wrong with a complete couple', () => {
		expect(coupleProblems(input())).toEqual({});
		expect(coupleProblems(input({ secretsPolicy: 'no-secrets' }))).toEqual({});
	});

	it('asks for a name, and for each partner’s name', () => {
		expect(coupleProblems(input({ name: '   ', partnerNames: ['', ' \t '] }))).toEqual({
			name: 'Give the couple a name you will recognise, for example “Alex & Sam”.',
			partner1: 'Enter the name this partner will see in the app.',
			partner2: 'Enter the name this partner will see in the app.'
		});
	});

	it('refuses names over their limits, counting characters rather than UTF-16 units', () => {
		expect(coupleProblems(input({ name: '💞'.repeat(COUPLE_NAME_MAX) }))).toEqual({});
		expect(coupleProblems(input({ name: 'a'.repeat(COUPLE_NAME_MAX + 1) }))).toEqual({
			name: `Use at most ${COUPLE_NAME_MAX} characters.`
		});
		expect(
			coupleProblems(input({ partnerNames: ['Alex', 'S'.repeat(PARTNER_NAME_MAX + 1)] }))
		).toEqual({
			partner2: `Use at most ${PARTNER_NAME_MAX} characters.`
		});
		expect(coupleProblems(input({ partnerNames: ['A'.repeat(PARTNER_NAME_MAX), 'Sam'] }))).toEqual(
			{}
		);
	});

	it('asks for a known secrets policy and its words', () => {
		expect(coupleProblems(input({ secretsPolicy: 'anything-goes', policyText: '' }))).toEqual({
			secretsPolicy: 'Choose the secrets policy for this couple.',
			policyText: 'Write the policy as the partners will read it.'
		});
		expect(coupleProblems(input({ policyText: 'x'.repeat(POLICY_TEXT_MAX + 1) }))).toEqual({
			policyText: 'Use at most 4,000 characters.'
		});
		expect(coupleProblems(input({ policyText: 'x'.repeat(POLICY_TEXT_MAX) }))).toEqual({});
	});
});

describe('with a database', () => {
	let t: TestDatabase;
	let therapist: string;
	let otherTherapist: string;

	beforeEach(async () => {
		t = await createTestDatabase({ builtinTemplates: true });
		therapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
		otherTherapist = (await insertTestUser(t.db, { role: 'therapist' })).id;
		await t.db
			.updateTable('users')
			.set({ display_name: 'Dr. Reyes' })
			.where('id', '=', therapist)
			.execute();
	});

	afterEach(async () => {
		await t.cleanup();
	});

	async function tables() {
		return {
			couples: await t.db.selectFrom('couples').selectAll().orderBy('id').execute(),
			partners: await t.db.selectFrom('partners').selectAll().orderBy('id').execute()
		};
	}

	/** A partner account that takes one of the couple's places. */
	async function join(coupleId: string, position: 1 | 2): Promise<string> {
		const { id } = await insertTestUser(t.db, { role: 'partner' });
		await t.db
			.updateTable('partners')
			.set({ user_id: id, joined_at: now.toISOString() })
			.where('couple_id', '=', coupleId)
			.where('position', '=', position)
			.execute();
		return id;
	}

	async function assign(coupleId: string, templateId: string, at: Date) {
		const template = BUILTIN_TEMPLATES.find((candidate) => candidate.id === templateId)!;
		const ids = await assignHomework(
			t.db,
			by(therapist),
			coupleId,
			{ template, addressees: [null], dueAt: null, note: '', recurrence: 'once' },
			at
		);
		return ids![0]!;
	}

	describe('createCouple', () => {
		it('makes the couple with two partner places, named and not yet taken', async () => {
			const id = await createCouple(
				t.db,
				by(therapist),
				input({ name: '  Alex & Sam ', partnerNames: [' Alex', 'Sam  '] }),
				now
			);
			const { couples, partners } = await tables();
			expect(couples).toEqual([
				{
					id,
					therapist_id: therapist,
					name: 'Alex & Sam',
					created_at: now.toISOString(),
					secrets_policy: 'limited-secrets',
					policy_text: 'What you tell me alone stays with me unless you agree.',
					archived_at: null,
					screening_on: 1,
					screening_every_weeks: 6,
					not_on_track_after: 4,
					check_in_lead_hours: 24,
					// A new couple follows the built-in steps.
					program_id: null
				}
			]);
			expect(
				partners.map(({ id: _id, ...partner }) => partner).sort((a, b) => a.position - b.position)
			).toEqual([
				{
					couple_id: id,
					position: 1,
					display_name: 'Alex',
					user_id: null,
					joined_at: null,
					policy_acknowledged_at: null
				},
				{
					couple_id: id,
					position: 2,
					display_name: 'Sam',
					user_id: null,
					joined_at: null,
					policy_acknowledged_at: null
				}
			]);
			expect(partners[0]!.id).not.toBe(partners[1]!.id);
		});
	});

	describe('updateCouple and setCoupleArchived', () => {
		let coupleId: string;

		beforeEach(async () => {
			coupleId = await createCouple(t.db, by(therapist), input(), now);
		});

		it('change the therapist’s own couple', async () => {
			expect(
				await updateCouple(
					t.db,
					by(therapist),
					coupleId,
					input({
						name: 'Sam & Alex',
						partnerNames: ['Alexandra', 'Samuel'],
						secretsPolicy: 'no-secrets',
						policyText: 'No secrets.'
					}),
					now
				)
			).toBe(true);
			expect(await coupleForTherapist(t.db, therapist, coupleId)).toMatchObject({
				name: 'Sam & Alex',
				secretsPolicy: 'no-secrets',
				policyText: 'No secrets.',
				partners: [
					{ position: 1, displayName: 'Alexandra' },
					{ position: 2, displayName: 'Samuel' }
				]
			});

			expect(await setCoupleArchived(t.db, by(therapist), coupleId, true, now)).toBe(true);
			expect((await coupleForTherapist(t.db, therapist, coupleId))?.archived).toBe(true);
			expect(await setCoupleArchived(t.db, by(therapist), coupleId, false, now)).toBe(true);
			expect((await coupleForTherapist(t.db, therapist, coupleId))?.archived).toBe(false);
		});

		it('rename a partner who has joined: their own session shows the new name, and so does the other partner’s page', async () => {
			const places = await t.db
				.selectFrom('partners')
				.select('id')
				.where('couple_id', '=', coupleId)
				.orderBy('position')
				.execute();
			const joined = async (placeId: string, email: string) => {
				const invitation = await issueInvitation(t.db, by(therapist), placeId, now);
				const account = {
					email,
					displayName: 'Alex',
					password: 'a long walk on sunday',
					timeZone: 'UTC'
				};
				const { userId } = await acceptInvitation(
					t.db,
					{ clientAddress: null },
					invitation!.token,
					account,
					now
				);
				const token = generateSessionToken();
				await createSession(t.db, token, { id: userId, role: 'partner' }, now, {
					keepSignedIn: true,
					device: null
				});
				return { userId, token };
			};
			const alex = await joined(places[0]!.id, 'alex@example.com');
			const sam = await joined(places[1]!.id, 'sam@example.com');
			expect((await validateSessionToken(t.db, alex.token, now)).user?.displayName).toBe('Alex');

			await updateCouple(
				t.db,
				by(therapist),
				coupleId,
				input({ partnerNames: ['Alexandra', 'Sam'] }),
				now
			);

			const later = new Date(now.getTime() + 60_000);
			expect((await validateSessionToken(t.db, alex.token, later)).user).toMatchObject({
				id: alex.userId,
				displayName: 'Alexandra',
				coupleId,
				partnerId: places[0]!.id
			});
			expect((await coupleForPartner(t.db, { id: sam.userId, coupleId })).otherPartnerName).toBe(
				'Alexandra'
			);
		});

		it('return false for another therapist’s couple, and change nothing', async () => {
			const before = await tables();
			expect(
				await updateCouple(
					t.db,
					by(otherTherapist),
					coupleId,
					input({ name: 'Taken over', partnerNames: ['X', 'Y'] }),
					now
				)
			).toBe(false);
			expect(await setCoupleArchived(t.db, by(otherTherapist), coupleId, true, now)).toBe(false);
			expect(await updateCouple(t.db, by(therapist), 'no-such-couple', input(), now)).toBe(false);
			expect(await tables()).toEqual(before);
		});
	});

	describe('listCouplesForTherapist', () => {
		let alexAndSam: string;
		let blakeAndDrew: string;
		let jordanAndCasey: string;

		beforeEach(async () => {
			blakeAndDrew = await createCouple(
				t.db,
				by(therapist),
				input({ name: 'Blake & Drew', partnerNames: ['Blake', 'Drew'] }),
				now
			);
			alexAndSam = await createCouple(t.db, by(therapist), input(), now);
			jordanAndCasey = await createCouple(
				t.db,
				by(otherTherapist),
				input({ name: 'Jordan & Casey', partnerNames: ['Jordan', 'Casey'] }),
				now
			);
		});

		it("lists the therapist's own couples by name, with both partner places, and no one else's", async () => {
			await join(alexAndSam, 2);
			const list = (await listCouplesForTherapist(t.db, therapist, now, { view: 'current' }))
				.couples;
			expect(list.map((couple) => couple.id)).toEqual([alexAndSam, blakeAndDrew]);
			expect(list[0]).toEqual({
				id: alexAndSam,
				name: 'Alex & Sam',
				archived: false,
				partners: [
					{ id: expect.any(String), position: 1, displayName: 'Alex', joined: false },
					{ id: expect.any(String), position: 2, displayName: 'Sam', joined: true }
				],
				nextSessionAt: null,
				currentStep: null,
				overdueAssignments: 0
			});
			expect(
				(await listCouplesForTherapist(t.db, otherTherapist, now, { view: 'current' })).couples.map(
					(couple) => couple.id
				)
			).toEqual([jordanAndCasey]);
		});

		it('lists nothing for a partner or an unknown id', async () => {
			const alex = await join(alexAndSam, 1);
			expect(await listCouplesForTherapist(t.db, alex, now, { view: 'current' })).toEqual({
				couples: [],
				total: 0
			});
			expect(await listCouplesForTherapist(t.db, 'nobody', now, { view: 'archived' })).toEqual({
				couples: [],
				total: 0
			});
		});

		it('shows archived couples only when asked for them', async () => {
			await setCoupleArchived(t.db, by(therapist), blakeAndDrew, true, now);
			await setCoupleArchived(t.db, by(otherTherapist), jordanAndCasey, true, now);
			expect(
				(await listCouplesForTherapist(t.db, therapist, now, { view: 'current' })).couples.map(
					(couple) => couple.id
				)
			).toEqual([alexAndSam]);
			const archived = (await listCouplesForTherapist(t.db, therapist, now, { view: 'archived' }))
				.couples;
			expect(archived.map((couple) => [couple.id, couple.archived])).toEqual([
				[blakeAndDrew, true]
			]);
		});

		it('shows the next scheduled session, not a past, held or cancelled one', async () => {
			const session = (days: number, coupleId = alexAndSam, owner = therapist) =>
				scheduleSession(
					t.db,
					by(owner),
					coupleId,
					{ startsAt: inDays(days), durationMinutes: 50, format: 'video', agenda: '' },
					now
				);
			await session(-1);
			const cancelled = (await session(1))!;
			await setSessionStatus(t.db, by(therapist), cancelled, 'cancelled', now);
			const held = (await session(2))!;
			await setSessionStatus(t.db, by(therapist), held, 'held', now);
			await session(9);
			await session(3);
			await session(0.5, jordanAndCasey, otherTherapist);

			const list = (await listCouplesForTherapist(t.db, therapist, now, { view: 'current' }))
				.couples;
			expect(list.find((couple) => couple.id === alexAndSam)?.nextSessionAt).toBe(
				inDays(3).toISOString()
			);
			expect(list.find((couple) => couple.id === blakeAndDrew)?.nextSessionAt).toBeNull();
		});

		it('shows the step of the latest homework that is not cancelled', async () => {
			await assign(alexAndSam, 'breakup-reasons', inDays(-20));
			await assign(alexAndSam, 'accountability', inDays(-10));
			const cancelled = await assign(alexAndSam, 'core-issues', inDays(-5));
			await t.db
				.updateTable('assignments')
				.set({ cancelled_at: inDays(-4).toISOString() })
				.where('id', '=', cancelled)
				.execute();
			// A check-in belongs to no step: it does not move the couple's step.
			await assign(alexAndSam, 'satisfaction-check-in', inDays(-1));
			await assign(blakeAndDrew, 'reconnecting', inDays(-3));

			const list = (await listCouplesForTherapist(t.db, therapist, now, { view: 'current' }))
				.couples;
			expect(list.map((couple) => [couple.name, couple.currentStep])).toEqual([
				['Alex & Sam', 5],
				['Blake & Drew', 4]
			]);
		});

		it('pages through a long list by name, fifty at a time, counting them all', async () => {
			for (let n = 1; n <= 52; n++)
				await createCouple(
					t.db,
					by(therapist),
					input({ name: `Couple ${String(n).padStart(2, '0')}` }),
					now
				);
			const first = await listCouplesForTherapist(t.db, therapist, now, { view: 'current' });
			const second = await listCouplesForTherapist(t.db, therapist, now, {
				view: 'current',
				page: 2
			});
			expect([first.total, second.total]).toEqual([54, 54]);
			expect(first.couples).toHaveLength(COUPLES_SHOWN);
			expect(first.couples.slice(0, 3).map((couple) => couple.name)).toEqual([
				'Alex & Sam',
				'Blake & Drew',
				'Couple 01'
			]);
			expect(second.couples.map((couple) => couple.name)).toEqual([
				'Couple 49',
				'Couple 50',
				'Couple 51',
				'Couple 52'
			]);
			expect(
				await listCouplesForTherapist(t.db, therapist, now, { view: 'current', page: 3 })
			).toEqual({ couples: [], total: 54 });
		});

		it('lists only couples with overdue homework when asked, with how many assignments', async () => {
			const template = BUILTIN_TEMPLATES.find((candidate) => candidate.id === 'reconnecting')!;
			for (const dueAt of [inDays(-3), inDays(-1), inDays(2)])
				await assignHomework(
					t.db,
					by(therapist),
					alexAndSam,
					{
						template,
						addressees: [null],
						dueAt: dueAt.toISOString(),
						note: '',
						recurrence: 'once'
					},
					inDays(-10)
				);
			const overdue = await listCouplesForTherapist(t.db, therapist, now, { view: 'overdue' });
			expect(overdue.total).toBe(1);
			expect(overdue.couples.map((couple) => [couple.name, couple.overdueAssignments])).toEqual([
				['Alex & Sam', 2]
			]);
			const current = await listCouplesForTherapist(t.db, therapist, now, { view: 'current' });
			expect(current.couples.map((couple) => couple.overdueAssignments)).toEqual([2, 0]);
		});

		it('shows the furthest step of homework set at the same moment', async () => {
			await assign(alexAndSam, 'taking-it-slow', inDays(-2));
			await assign(alexAndSam, 'breakup-reasons', inDays(-2));
			await assign(alexAndSam, 'accountability', inDays(-2));
			const list = (await listCouplesForTherapist(t.db, therapist, now, { view: 'current' }))
				.couples;
			expect(list.find((couple) => couple.id === alexAndSam)?.currentStep).toBe(7);
		});
	});

	describe('currentCoupleNames', () => {
		it("names every current couple of the therapist's, past a page of the list, and no one else's", async () => {
			for (let n = 1; n <= COUPLES_SHOWN + 2; n++)
				await createCouple(
					t.db,
					by(therapist),
					input({ name: `Couple ${String(n).padStart(2, '0')}` }),
					now
				);
			const archived = await createCouple(t.db, by(therapist), input({ name: 'Archived' }), now);
			await setCoupleArchived(t.db, by(therapist), archived, true, now);
			await createCouple(t.db, by(otherTherapist), input({ name: 'Not theirs' }), now);

			const names = (await currentCoupleNames(t.db, therapist)).map((couple) => couple.name);
			expect(names).toHaveLength(COUPLES_SHOWN + 2);
			expect(names.slice(0, 2)).toEqual(['Couple 01', 'Couple 02']);
			expect(names.at(-1)).toBe(`Couple ${COUPLES_SHOWN + 2}`);
			expect(names).not.toContain('Archived');
			expect(names).not.toContain('Not theirs');
			expect(await currentCoupleNames(t.db, 'nobody')).toEqual([]);
		});
	});

	describe('coupleForTherapist', () => {
		it('returns the couple to its therapist and null to anyone else', async () => {
			const coupleId = await createCouple(t.db, by(therapist), input(), now);
			expect(await coupleForTherapist(t.db, therapist, coupleId)).toEqual({
				id: coupleId,
				name: 'Alex & Sam',
				secretsPolicy: 'limited-secrets',
				policyText: 'What you tell me alone stays with me unless you agree.',
				archived: false,
				archivedAt: null,
				screening: { on: true, everyWeeks: 6 },
				checkInLeadHours: 24,
				partners: [
					{
						id: expect.any(String),
						position: 1,
						displayName: 'Alex',
						joined: false,
						joinedAt: null
					},
					{ id: expect.any(String), position: 2, displayName: 'Sam', joined: false, joinedAt: null }
				]
			});
			expect(await coupleForTherapist(t.db, otherTherapist, coupleId)).toBeNull();
			expect(await coupleForTherapist(t.db, therapist, 'no-such-couple')).toBeNull();
		});
	});

	describe('coupleForPartner', () => {
		it("names the partner's therapist, the other partner and the couple's policy", async () => {
			const coupleId = await createCouple(t.db, by(therapist), input(), now);
			const alex = await join(coupleId, 1);
			const sam = await join(coupleId, 2);
			const policy = {
				secretsPolicy: 'limited-secrets',
				policyText: 'What you tell me alone stays with me unless you agree.'
			};
			expect(await coupleForPartner(t.db, { id: alex, coupleId })).toEqual({
				therapistId: therapist,
				therapistName: 'Dr. Reyes',
				otherPartnerName: 'Sam',
				...policy
			});
			expect(await coupleForPartner(t.db, { id: sam, coupleId })).toEqual({
				therapistId: therapist,
				therapistName: 'Dr. Reyes',
				otherPartnerName: 'Alex',
				...policy
			});
		});

		it('names the other partner as the therapist did, before they join', async () => {
			const coupleId = await createCouple(
				t.db,
				by(therapist),
				input({ secretsPolicy: 'no-secrets', policyText: 'No secrets.' }),
				now
			);
			const sam = await join(coupleId, 2);
			expect(await coupleForPartner(t.db, { id: sam, coupleId })).toEqual({
				therapistId: therapist,
				therapistName: 'Dr. Reyes',
				otherPartnerName: 'Alex',
				secretsPolicy: 'no-secrets',
				policyText: 'No secrets.'
			});
		});

		it('has no other partner when the couple has only one place (a couple from before partner places)', async () => {
			const coupleId = await insertTestCouple(t.db, therapist);
			const { userId } = await insertTestPartner(t.db, coupleId, {
				position: 1,
				displayName: 'Robin',
				joined: true
			});
			expect(await coupleForPartner(t.db, { id: userId!, coupleId })).toMatchObject({
				otherPartnerName: null
			});
		});
	});
});
