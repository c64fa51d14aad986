import { describe, expect, it } from 'vitest';
import { groupBy } from './group-by';

describe('groupBy', () => {
	it('groups by key, keeping the order of first appearance and the order within each group', () => {
		const partners = [
			{ couple: 'b', name: 'Jordan' },
			{ couple: 'a', name: 'Alex' },
			{ couple: 'b', name: 'Casey' },
			{ couple: 'a', name: 'Sam' }
		];
		const groups = groupBy(partners, (partner) => partner.couple);
		expect([...groups.keys()]).toEqual(['b', 'a']);
		expect(groups.get('a')!.map((partner) => partner.name)).toEqual(['Alex', 'Sam']);
		expect(groups.get('b')!.map((partner) => partner.name)).toEqual(['Jordan', 'Casey']);
	});

	it('gives an empty map for no items', () => {
		expect(groupBy([], () => 'x').size).toBe(0);
	});
});
