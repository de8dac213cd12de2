import { en } from './en';
import { fr } from './fr';

/**
 * The languages the server writes in, each with all its texts in one file (`fr.ts`,
 * `en.ts`); `fr.ts` has the shape of `en.ts`, checked by the compiler.
 */

export type Language = 'fr' | 'en';

export type Texts = typeof en;

export const TEXTS: Record<Language, Texts> = { fr, en };

/** The language of a locale: French for `fr`, `fr-FR`, `fr-CA`…, English for any other, or none. */
export const languageOf = (locale: string | null | undefined): Language =>
  (locale ?? '').toLowerCase().startsWith('fr') ? 'fr' : 'en';
