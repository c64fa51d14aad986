import { error } from '@sveltejs/kit';

/** Far beyond any list a page here shows; a larger number is a mistyped address. */
const MOST_PAGES = 10_000;

/**
 * The page of a long list asked for with `?page=N`, from 1; 1 when not
 * given. Anything but a whole number in range is a 400, not a guess.
 */
export function pageNumber(url: URL): number {
	const asked = url.searchParams.get('page');
	if (asked === null) return 1;
	if (!/^[1-9][0-9]{0,4}$/.test(asked) || Number(asked) > MOST_PAGES)
		error(400, 'There is no such page of this list.');
	return Number(asked);
}
