// Shown to a partner whose private check-in raises concern. The therapist can
// replace it with their own words (local services, their own contact route).

export const DEFAULT_SAFETY_HELP_TEXT = `Thank you for answering these questions honestly. Some of your answers suggest that things may not always feel safe for you, and that matters.

Your therapist will see your answers and will follow up with you privately, not in front of your partner. Your partner will not see any of this.

If you are in immediate danger, call your local emergency number now.

You don’t have to wait for your therapist to talk to someone. Most countries have free, confidential domestic-violence hotlines for anyone, of any gender, including people who aren’t sure whether what is happening counts as abuse. In the US, you can call the National Domestic Violence Hotline on 1-800-799-7233, or text START to 88788.

If you can, look for help on a phone or computer that your partner cannot get into.`;
