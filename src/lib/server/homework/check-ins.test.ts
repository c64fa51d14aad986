import { describe, expect, it } from 'vitest';
import { checkInPoints, type CheckInResponse } from './check-ins';

const response = (templateId: string, total: number, at: string): CheckInResponse => ({
	templateId,
	partnerId: 'sam',
	status: 'submitted',
	submittedAt: at,
	total,
	recurrence: 'before-each-session',
	occurrence: 'next'
});

describe('checkInPoints', () => {
	it('reads only the relationship check-in: a PHQ-9 total is never read against the distress line', () => {
		expect(
			checkInPoints([
				response('wellbeing-check-in', 3, '2026-12-01T09:00:00.000Z'),
				response('satisfaction-check-in', 15, '2026-11-30T09:00:00.000Z')
			])
		).toEqual([
			{ partnerId: 'sam', at: '2026-11-30T09:00:00.000Z', total: 15, occurrence: 'next' }
		]);
	});
});
