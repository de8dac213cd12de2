/**
 * Which template speaks to a customer (SPEC F2.1): predefined templates come in one
 * sibling per language, named by the language at the end of their key. Pure.
 */

/** The language of a locale, `fr-FR` → `fr`; empty when there is none. */
export const languageOf = (locale: string | null | undefined): string =>
  (locale || '').slice(0, 2).toLowerCase();

/** The key of a predefined template's sibling in `language`: `reminder-1.email.fr` → `reminder-1.email.en`. */
export const siblingKey = (predefinedKey: string, language: string): string =>
  predefinedKey.replace(/\.[a-z]{2}$/, `.${language}`);

/** The channel of the templates a reminder uses: a call of kind "other" reads a phone script. */
export const templateChannelOf = (
  channel: 'email' | 'letter' | 'phone' | 'other'
): 'email' | 'letter' | 'phone' => (channel === 'other' ? 'phone' : channel);
