import { describe, expect, it } from 'vitest';
import { CSI4_NORMS } from './builtin/satisfaction-check-in';
import {
	describeChange,
	differenceError,
	measuredChange,
	reliableChangeIndex,
	reliableDifference,
	standardError,
	type InstrumentNorms
} from './reliable-change';

// Jacobson & Truax (1991), J Consult Clin Psychol 59(1), 12–19: RCI = (x2 − x1) / S_diff,
// S_diff = √(2 · SE²) = √2 · SE, SE = SD · √(1 − r); |RCI| > 1.96 is reliable change. The
// worked examples below are that formula worked by hand, step by step, with the arithmetic
// written out so a reader can check it without the code.

const unverified = { citation: 'worked example', verified: false };
const norms = (sd: number, reliability: number, cutOff: number): InstrumentNorms => ({
	sd,
	reliability,
	cutOff,
	sources: { sd: unverified, reliability: unverified, cutOff: unverified }
});

describe('the reliable change index', () => {
	it('works out SE, S_diff and RCI as Jacobson & Truax define them (SD 10, r .80)', () => {
		const scale = norms(10, 0.8, 50);
		// SE = 10 · √0.2 = 4.4721; S_diff = √2 · 4.4721 = 6.3246.
		expect(standardError(scale)).toBeCloseTo(4.4721, 4);
		expect(differenceError(scale)).toBeCloseTo(6.3246, 4);
		// 1.96 · 6.3246 = 12.396 points.
		expect(reliableDifference(scale)).toBeCloseTo(12.396, 3);
		// 60 → 48: −12 / 6.3246 = −1.897, inside ±1.96: not reliable.
		expect(reliableChangeIndex(60, 48, scale)).toBeCloseTo(-1.897, 3);
		expect(measuredChange(60, 48, scale).label).toBe('no-reliable-change');
		// 60 → 45: −15 / 6.3246 = −2.372: a reliable fall.
		expect(reliableChangeIndex(60, 45, scale)).toBeCloseTo(-2.372, 3);
		expect(measuredChange(60, 45, scale).label).toBe('reliable-deterioration');
	});

	it('needs a larger change when the instrument is less reliable', () => {
		// r .94, SD 5 (the CSI-4 figures used here): SE = 5 · √0.06 = 1.2247; S_diff = 1.7321;
		// 1.96 · 1.7321 = 3.395 points. At r .80 the same SD needs 1.96 · √2 · 5 · √0.2 = 6.198.
		expect(reliableDifference(norms(5, 0.94, 13.5))).toBeCloseTo(3.395, 3);
		expect(reliableDifference(norms(5, 0.8, 13.5))).toBeCloseTo(6.198, 3);
	});
});

describe('reliable and clinically significant change on the CSI-4', () => {
	it('takes its figures from the instrument, with the cut-off at 13.5 and each source named', () => {
		expect(CSI4_NORMS.cutOff).toBe(13.5);
		for (const source of Object.values(CSI4_NORMS.sources))
			expect(source.citation).toContain('Funk & Rogge (2007)');
		// 4 whole points is the smallest reliable change: 3 is within measurement error.
		expect(reliableDifference(CSI4_NORMS)).toBeGreaterThan(3);
		expect(reliableDifference(CSI4_NORMS)).toBeLessThan(4);
	});

	it('9 → 14: a reliable improvement that crosses the line is clinically significant', () => {
		// (14 − 9) / 1.7321 = 2.887 > 1.96.
		const change = measuredChange(9, 14, CSI4_NORMS);
		expect(change.rci).toBeCloseTo(2.887, 3);
		expect(change).toMatchObject({
			label: 'reliable-improvement',
			crossed: 'up',
			clinicallySignificant: true,
			change: 5
		});
		expect(describeChange(change, false)).toBe(
			'reliable improvement, crossed the line, clinically significant'
		);
	});

	it('12 → 15 crosses the line but is within measurement error: not clinically significant', () => {
		// 3 / 1.7321 = 1.732 < 1.96.
		const change = measuredChange(12, 15, CSI4_NORMS);
		expect(change).toMatchObject({
			label: 'no-reliable-change',
			crossed: 'up',
			clinicallySignificant: false
		});
		expect(describeChange(change, false)).toBe('no reliable change, crossed the line');
	});

	it('17 → 9: a reliable fall below the line is clinically significant deterioration', () => {
		const change = measuredChange(17, 9, CSI4_NORMS);
		expect(change).toMatchObject({
			label: 'reliable-deterioration',
			crossed: 'down',
			clinicallySignificant: true
		});
	});

	it('6 → 11: reliably better, still below the line: reliable, not clinically significant', () => {
		const change = measuredChange(6, 11, CSI4_NORMS);
		expect(change).toMatchObject({
			label: 'reliable-improvement',
			crossed: null,
			clinicallySignificant: false
		});
	});
});
