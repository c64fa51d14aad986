// Shown to every partner under "Help", and once right after a private
// check-in whose answers call for it. It must read true to anyone who opens
// it, whatever they answered, and promise nothing a shared phone can break.
// The therapist can replace it with their own words (local services, their
// own contact route).

export const DEFAULT_SAFETY_HELP_TEXT = `If things at home do not always feel safe, that matters, and you do not have to handle it alone.

Your therapist reads what you send in a private check-in and follows up with you on your own, not in front of your partner. The app does not tell your partner about it, but it cannot know who else uses this phone.

If you are in immediate danger, call your local emergency number now.

You don’t have to wait for your therapist to talk to someone. Most countries have free, confidential domestic-violence hotlines for anyone, of any gender, including people who aren’t sure whether what is happening counts as abuse. In the US, you can call the National Domestic Violence Hotline on 1-800-799-7233, or text START to 88788.

If you can, look for help on a phone or computer that your partner cannot get into.`;
