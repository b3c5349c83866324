import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { changeLanguage, type Language } from '../i18n';
import { meQuery } from './queries';

/**
 * Switches the app's language at once; signed in, the choice is the account's, so e-mails and
 * problems follow it too. Everything is fetched again: the API's texts come in the new language.
 * The account's cached language changes first, and a reload of it already under way is
 * dropped: its answer, from before the change, would set the app back to the old language
 * (SignedIn applies the account's).
 */
export function useChooseLanguage() {
  const me = useQuery(meQuery);
  const queries = useQueryClient();
  return async (language: Language) => {
    if (me.data) {
      await queries.cancelQueries({ queryKey: meQuery.queryKey });
      queries.setQueryData(meQuery.queryKey, (account) => account && { ...account, language });
    }
    await changeLanguage(language);
    try {
      if (me.data) await call(api.PATCH('/api/v1/auth/me', { body: { language } }));
    } finally {
      // Also after a refused change: the account's own language comes back, and with it the app's.
      await queries.invalidateQueries();
    }
  };
}
