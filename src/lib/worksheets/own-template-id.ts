// A template a therapist wrote has an id of this shape, so no built-in (whose
// ids are words such as "core-issues") can ever be mistaken for one.
export const OWN_TEMPLATE_PREFIX = 'own-';

export function isOwnTemplateId(id: string): boolean {
	return id.startsWith(OWN_TEMPLATE_PREFIX);
}
