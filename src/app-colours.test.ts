import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The colour tokens at the top of app.css, read from the file itself so that a
// changed token is checked as it ships. Each pair below is one the pages put
// together; WCAG 2.2 AA asks 4.5:1 of text, and 3:1 of large text, of the
// edges that show a control (1.4.11) and of the focus ring.

const css = readFileSync(new URL('./app.css', import.meta.url), 'utf8');

function colourTokens(source: string): Map<string, string> {
	const root = /:root\s*{([^}]*)}/.exec(source)?.[1] ?? '';
	return new Map(
		[...root.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map(([, name, value]) => [
			name!,
			value!.toLowerCase()
		])
	);
}

const tokens = colourTokens(css);

function token(name: string): string {
	const value = tokens.get(name);
	if (!value) throw new Error(`app.css has no colour token --${name}`);
	return value;
}

/** Relative luminance, as WCAG defines it for sRGB. */
function luminance(hex: string): number {
	const [r, g, b] = [1, 3, 5].map((start) => {
		const channel = parseInt(hex.slice(start, start + 2), 16) / 255;
		return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrastRatio(first: string, second: string): number {
	const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a);
	return (lighter! + 0.05) / (darker! + 0.05);
}

const surfaces = ['page', 'paper', 'notice-tint', 'problem-tint', 'warm-tint'];

/** Text colour, the backgrounds it is set on. */
const textPairs: Array<[string, string[]]> = [
	['ink', surfaces],
	['ink-soft', surfaces],
	// Links, the brand, tags and selected choices.
	['accent-dark', surfaces],
	['problem', ['page', 'paper', 'problem-tint']],
	// Confidential notes and the prep page's differences.
	['warm', ['page', 'paper', 'warm-tint']]
];

/** White text on filled buttons, the quick exit and urgent tags. */
const onDark = ['accent', 'accent-dark', 'ink', 'ink-strong', 'problem'];

/** Edges that show where a control is, and the focus ring, against what is around them. */
const edgePairs: Array<[string, string[]]> = [
	['line-strong', ['page', 'paper']],
	['accent', ['page', 'paper', 'notice-tint']],
	['problem', ['page', 'paper']],
	// The ring stands --focus-offset away from what it circles, so it meets the surface around a
	// filled button, never the button's own colour.
	['focus', ['page', 'paper', 'notice-tint']]
];

describe('colour tokens', () => {
	it('computes the contrast ratio as WCAG does', () => {
		expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
		expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
		// The WCAG example: #767676 on white is just over 4.5.
		expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
	});

	for (const [text, backgrounds] of textPairs) {
		for (const background of backgrounds) {
			it(`--${text} text on --${background} is at least 4.5:1`, () => {
				expect(contrastRatio(token(text), token(background))).toBeGreaterThanOrEqual(4.5);
			});
		}
	}

	for (const background of onDark) {
		it(`--on-dark text on --${background} is at least 4.5:1`, () => {
			expect(contrastRatio(token('on-dark'), token(background))).toBeGreaterThanOrEqual(4.5);
		});
	}

	for (const [edge, backgrounds] of edgePairs) {
		for (const background of backgrounds) {
			it(`--${edge} edges on --${background} are at least 3:1`, () => {
				expect(contrastRatio(token(edge), token(background))).toBeGreaterThanOrEqual(3);
			});
		}
	}

	it('reads every colour token as a six-digit colour', () => {
		const declared = [...css.matchAll(/^\s*--([a-z-]+):\s*#/gim)].map(([, name]) => name);
		expect([...tokens.keys()].sort()).toEqual([...new Set(declared)].sort());
	});
});
