/** Set on assigning, read once by the couple page to say what was just assigned to whom. */
export const ASSIGNED_COOKIE = 'assigned';
