import type { LayoutServerLoad } from './$types';

// Only what the header needs. This is not a guard: each page checks who is asking.
export const load: LayoutServerLoad = ({ locals }) => {
	const user = locals.user;
	return { viewer: user ? { displayName: user.displayName, role: user.role } : null };
};
