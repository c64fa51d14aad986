// How a time zone is named to people: by its city, the way people say it
// ("New York time"), never by its IANA id ("America/New_York") or an offset
// ("GMT-5") that is wrong half the year. The picker adds the zone's own
// region name ("Eastern Time") so a place not in the list can still be found.

const REGIONS: Record<string, string> = {
	Africa: 'Africa',
	America: 'The Americas',
	Antarctica: 'Antarctica',
	Arctic: 'Arctic',
	Asia: 'Asia',
	Atlantic: 'Atlantic Ocean',
	Australia: 'Australia',
	Europe: 'Europe',
	Indian: 'Indian Ocean',
	Pacific: 'Pacific Ocean'
};

/** "New York time" for "America/New_York"; "UTC" for UTC. */
export function zoneName(zone: string): string {
	if (zone === 'UTC' || !zone.includes('/')) return 'UTC';
	const city = zone.slice(zone.lastIndexOf('/') + 1).replaceAll('_', ' ');
	return `${city} time`;
}

const regionFormatters = new Map<string, Intl.DateTimeFormat>();

/** "Eastern Time" for "America/New_York": the name the zone's region goes by, all year. */
export function zoneRegionName(zone: string): string {
	let found = regionFormatters.get(zone);
	if (!found) {
		found = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'longGeneric' });
		regionFormatters.set(zone, found);
	}
	// Today's name: it does not change with summer time, but a zone's history can
	// (Lisbon kept Central European time in the 1970s), so not a date long past.
	const parts = found.formatToParts(new Date());
	return parts.find((part) => part.type === 'timeZoneName')?.value ?? zone;
}

export interface ZoneChoice {
	value: string;
	label: string;
}

/** "New York time (Eastern Time)": a zone as the picker lists it. */
export function zoneChoiceLabel(zone: string): string {
	if (zone === 'UTC') return 'UTC (Coordinated Universal Time)';
	return `${zoneName(zone)} (${zoneRegionName(zone)})`;
}

/**
 * The picker's list of `zones` (from `timeZoneChoices`): UTC, then each part
 * of the world with its cities in alphabetical order.
 */
export function zoneChoiceGroups(
	zones: readonly string[]
): { label: string | null; options: ZoneChoice[] }[] {
	const groups = new Map<string, ZoneChoice[]>();
	for (const zone of zones) {
		if (zone === 'UTC') continue;
		const region = REGIONS[zone.split('/')[0]!] ?? 'Elsewhere';
		const options = groups.get(region) ?? [];
		options.push({ value: zone, label: zoneChoiceLabel(zone) });
		groups.set(region, options);
	}
	const byLabel = (a: ZoneChoice, b: ZoneChoice) => a.label.localeCompare(b.label, 'en');
	return [
		{ label: null, options: [{ value: 'UTC', label: zoneChoiceLabel('UTC') }] },
		...[...groups.entries()]
			.sort(([a], [b]) => a.localeCompare(b, 'en'))
			.map(([label, options]) => ({ label, options: options.sort(byLabel) }))
	];
}
