/** "15 seconds", "1 minute", "5 minutes": a wait said the way a person would. */
export function waitDescription(seconds: number): string {
	if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
	const minutes = Math.ceil(seconds / 60);
	return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** Whole seconds from now until a retry is allowed; at least one. */
export function secondsUntil(retryAt: Date, now: Date): number {
	return Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
}
