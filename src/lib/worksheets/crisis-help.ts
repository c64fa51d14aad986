// Shown to a partner at once when their wellbeing check-in says they have had
// thoughts of death or self-harm (PHQ-9 item 9). We do not know the country,
// so it names emergency services generically; the therapist can replace it
// with their own words (local crisis lines, how to reach them).

export const DEFAULT_CRISIS_HELP_TEXT = `Thank you for telling us. You said you have had thoughts that you would be better off dead or of hurting yourself. You are not alone, and help is there for you now.

If you might act on these thoughts, or you are in danger right now, call your local emergency number or go to the nearest emergency department.

You can also talk to someone today: most countries have a free, confidential crisis or suicide-prevention line, open day and night, by phone or by text. Your doctor can help too.

Your therapist will read your answers and will contact you privately, not in front of your partner. If you can, tell someone you trust how you are feeling.`;
