import { describe, expect, it } from 'vitest';
import {
	canSendAnother,
	currentResponse,
	listedForPartner,
	nextOccurrence,
	sentCheckIn,
	templateForPartner,
	titleForPartner
} from './private-check-in';
import { builtinTemplate } from '../../worksheets/builtin';

const response = (
	occurrence: string,
	status: 'draft' | 'submitted' | 'reviewed',
	submittedAt: string | null
) => ({ occurrence, status, submitted_at: submittedAt, started_at: '2026-11-01T09:00:00.000Z' });

describe('what a partner sees of a private check-in', () => {
	it('names it "Check-in", and leaves it out of their lists once sent', () => {
		expect(titleForPartner('Private check-in', true)).toBe('Check-in');
		expect(titleForPartner('Owning my part', false)).toBe('Owning my part');
		expect(listedForPartner(true, 'not-started')).toBe(true);
		expect(listedForPartner(true, 'draft')).toBe(true);
		expect(listedForPartner(true, 'submitted')).toBe(false);
		expect(listedForPartner(true, 'reviewed')).toBe(false);
		expect(listedForPartner(false, 'submitted')).toBe(true);
	});

	it('sends the partner the questions, never which answers raise a concern', () => {
		for (const id of ['safety-check-in', 'wellbeing-check-in']) {
			const template = builtinTemplate(id)!;
			expect(template.concernRules?.length).toBeGreaterThan(0);
			const sent = templateForPartner(template);
			expect(sent.fields).toEqual(template.fields);
			expect(sent).not.toHaveProperty('concernRules');
			expect(sent).not.toHaveProperty('skippedMeans');
			expect(sent).not.toHaveProperty('therapistNote');
		}
		expect(templateForPartner(builtinTemplate('safety-check-in')!).title).toBe('Check-in');
	});

	it('says only the day it was sent', () => {
		expect(
			sentCheckIn({ submittedAt: '2026-12-02T01:00:00.000Z', updatedAt: null }, 'Europe/London')
		).toEqual({ title: 'Check-in', sentOn: 'Sent on Wednesday 2 December' });
	});

	it('lets another be sent of a one-off private check-in only', () => {
		expect(canSendAnother({ template: { privacy: 'private' }, recurring: false })).toBe(true);
		expect(canSendAnother({ template: { privacy: 'private' }, recurring: true })).toBe(false);
		expect(canSendAnother({ template: {}, recurring: false })).toBe(false);
		expect(nextOccurrence(1)).toBe('again-2');
	});

	it('puts the partner on an open draft, and the therapist on the one sent last', () => {
		const first = response('once', 'reviewed', '2026-11-02T09:00:00.000Z');
		const second = response('again-2', 'submitted', '2026-11-03T09:00:00.000Z');
		const third = response('again-3', 'draft', null);
		expect(currentResponse([first, second, third], 'partner')).toBe(third);
		expect(currentResponse([first, second, third], 'therapist')).toBe(second);
		expect(currentResponse([third], 'therapist')).toBe(third);
		expect(currentResponse([], 'partner')).toBeUndefined();
	});
});
