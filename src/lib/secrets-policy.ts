// The two policies a couples therapist chooses between at intake, with
// starting words the therapist can change before the partners read them.

export type SecretsPolicy = 'no-secrets' | 'limited-secrets';

export const SECRETS_POLICIES: ReadonlyArray<{
	value: SecretsPolicy;
	label: string;
	defaultText: string;
}> = [
	{
		value: 'no-secrets',
		label: 'No secrets',
		defaultText:
			'I work with the two of you as a couple. Anything either of you tells me on your own, in a worksheet, a message or a conversation, I may bring into our joint sessions when it matters for the work. I will not keep a secret from one of you for the other, so please write with that in mind. The one exception is your safety: a private safety check-in is never shown to your partner.'
	},
	{
		value: 'limited-secrets',
		label: 'Limited secrets',
		defaultText:
			'I work with the two of you as a couple, and you can also tell me some things in confidence. I will not pass those on to your partner without your agreement. If something you tell me privately makes it impossible for me to help you both fairly, such as an ongoing affair, I will ask you to bring it into our sessions yourself within a reasonable time, and we will talk about how. A private safety check-in is never shown to your partner.'
	}
];

export function policyLabel(policy: SecretsPolicy): string {
	return SECRETS_POLICIES.find((candidate) => candidate.value === policy)?.label ?? policy;
}
