import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../database/schema';

// Whose programs a therapist may use and change: today, their own and no one
// else's. When a practice can offer a program to all its therapists, widen
// `usableBy` here (and only here); changing one stays with its author.

export function usableBy(therapistId: string) {
	return (eb: ExpressionBuilder<DB, 'programs'>) => eb('programs.therapist_id', '=', therapistId);
}

export function changeableBy(therapistId: string) {
	return (eb: ExpressionBuilder<DB, 'programs'>) => eb('programs.therapist_id', '=', therapistId);
}
