import { describe, expect, it } from 'vitest';
import { zoneChoiceGroups, zoneChoiceLabel, zoneName } from './time-zone-names';
import { TIME_ZONES, timeZoneChoices } from './time';

describe('zoneName', () => {
	it('names a zone by its city, never by its id or an offset', () => {
		expect(zoneName('America/New_York')).toBe('New York time');
		expect(zoneName('Europe/London')).toBe('London time');
		expect(zoneName('America/Argentina/Buenos_Aires')).toBe('Buenos Aires time');
		expect(zoneName('UTC')).toBe('UTC');
	});

	it('gives every zone a name without slashes, underscores or offsets', () => {
		for (const zone of TIME_ZONES) expect(zoneName(zone)).not.toMatch(/[/_]|GMT[+-]/);
	});
});

describe('the picker', () => {
	it('adds the name the zone’s region goes by', () => {
		expect(zoneChoiceLabel('America/New_York')).toBe('New York time (Eastern Time)');
		expect(zoneChoiceLabel('UTC')).toBe('UTC (Coordinated Universal Time)');
	});

	it('lists UTC first, then parts of the world in order, each city once', () => {
		const groups = zoneChoiceGroups(timeZoneChoices(null));
		expect(groups[0]).toEqual({
			label: null,
			options: [{ value: 'UTC', label: 'UTC (Coordinated Universal Time)' }]
		});
		const labels = groups.slice(1).map((group) => group.label!);
		expect(labels).toEqual([...labels].sort());
		expect(labels).toContain('Europe');
		const values = groups.flatMap((group) => group.options.map((option) => option.value));
		expect(new Set(values).size).toBe(values.length);
		expect(values).toHaveLength(TIME_ZONES.length);
		const europe = groups.find((group) => group.label === 'Europe')!.options.map((o) => o.label);
		expect(europe).toEqual([...europe].sort((a, b) => a.localeCompare(b, 'en')));
	});

	it('keeps a stored zone this runtime spells another way', () => {
		const values = zoneChoiceGroups(timeZoneChoices('Asia/Calcutta')).flatMap((group) =>
			group.options.map((option) => option.value)
		);
		expect(values).toContain('Asia/Calcutta');
	});
});
