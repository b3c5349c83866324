import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { entryEn } from './entry-en';
import { entryPtBR } from './entry-pt-BR';

export type Language = 'pt-BR' | 'en';
export const languages: readonly Language[] = ['pt-BR', 'en'];
const CHOSEN = 'clinicdesk.language';

/**
 * The language before anyone signs in: the one chosen on this device, else the browser's first
 * that we have (any Portuguese reads pt-BR), else the clinic's default. A signed-in user's own
 * setting replaces it (session/session.tsx).
 */
export function initialLanguage(clinicDefault: Language = 'pt-BR'): Language {
  const chosen = localStorage.getItem(CHOSEN);
  if (chosen === 'pt-BR' || chosen === 'en') return chosen;
  for (const tag of navigator.languages) {
    if (tag.toLowerCase().startsWith('pt')) return 'pt-BR';
    if (tag.toLowerCase().startsWith('en')) return 'en';
  }
  return clinicDefault;
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: entryEn }, 'pt-BR': { translation: entryPtBR } },
  lng: initialLanguage(),
  fallbackLng: 'pt-BR',
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

/**
 * Adds the texts a lazy chunk brings (the staff's: staff.ts, waiting-room.ts) to both languages,
 * merged into the texts every page has.
 */
export function addTexts(texts: Record<Language, object>): void {
  for (const language of languages)
    i18n.addResourceBundle(language, 'translation', texts[language], true, false);
}

export async function changeLanguage(language: Language, remember = true): Promise<void> {
  if (remember) localStorage.setItem(CHOSEN, language);
  document.documentElement.lang = language;
  await i18n.changeLanguage(language);
}

document.documentElement.lang = i18n.language;
