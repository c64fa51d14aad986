import { describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { pageNumber } from './page-number';

const asking = (query: string) => new URL(`http://localhost/practice${query}`);

describe('pageNumber', () => {
	it('is 1 when no page is asked for', () => {
		expect(pageNumber(asking(''))).toBe(1);
	});

	it('reads a whole number from 1', () => {
		expect(pageNumber(asking('?page=1'))).toBe(1);
		expect(pageNumber(asking('?page=12'))).toBe(12);
	});

	it.each(['0', '-1', '1.5', 'two', '', '01', '99999999', '1e3'])(
		'answers 400 to page=%s',
		(asked) => {
			try {
				pageNumber(asking(`?page=${encodeURIComponent(asked)}`));
				expect.unreachable();
			} catch (thrown) {
				expect(isHttpError(thrown, 400)).toBe(true);
			}
		}
	);
});
