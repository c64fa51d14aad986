import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
	it('is 80 random bits in lowercase base32, safe in a URL', () => {
		expect(newId()).toMatch(/^[a-z2-7]{16}$/);
	});

	it('is different every time', () => {
		expect(new Set(Array.from({ length: 1000 }, () => newId())).size).toBe(1000);
	});
});
