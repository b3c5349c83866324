import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { changeLanguage, type Language } from '../i18n';
import { meQuery } from './queries';

/**
 * Switches the app's language at once; signed in, the choice is the account's, so e-mails and
 * problems follow it too. Everything is fetched again: the API's texts come in the new language.
 */
export function useChooseLanguage() {
  const me = useQuery(meQuery);
  const queries = useQueryClient();
  return async (language: Language) => {
    await changeLanguage(language);
    if (me.data) await call(api.PATCH('/api/v1/auth/me', { body: { language } }));
    await queries.invalidateQueries();
  };
}
