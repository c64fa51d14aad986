// The browser as its owner would recognise it in their list of signed-in
// devices ("Firefox on Android"), read simply from the User-Agent: a label for
// a person, never a fingerprint, so anything unknown is just "A browser".

const BROWSERS: ReadonlyArray<[RegExp, string]> = [
	// Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
	[/\bEdg(e|A|iOS)?\//, 'Edge'],
	[/\b(OPR|Opera)\//, 'Opera'],
	[/\bSamsungBrowser\//, 'Samsung Internet'],
	[/\b(Firefox|FxiOS)\//, 'Firefox'],
	[/\b(Chrome|CriOS|Chromium)\//, 'Chrome'],
	[/\bSafari\//, 'Safari']
];

const SYSTEMS: ReadonlyArray<[RegExp, string]> = [
	[/\bAndroid\b/, 'Android'],
	[/\b(iPhone|iPod)\b/, 'iPhone'],
	[/\biPad\b/, 'iPad'],
	[/\bCrOS\b/, 'ChromeOS'],
	[/\bWindows\b/, 'Windows'],
	[/\bMac OS X\b|\bMacintosh\b/, 'Mac'],
	[/\bLinux\b/, 'Linux']
];

/** Longer than any real User-Agent worth reading. */
const MAX_USER_AGENT_LENGTH = 512;

export function deviceLabel(userAgent: string | null): string {
	const agent = (userAgent ?? '').slice(0, MAX_USER_AGENT_LENGTH);
	const browser = BROWSERS.find(([pattern]) => pattern.test(agent))?.[1];
	const system = SYSTEMS.find(([pattern]) => pattern.test(agent))?.[1];
	if (browser && system) return `${browser} on ${system}`;
	if (browser) return browser;
	if (system) return `A browser on ${system}`;
	return 'A browser';
}
