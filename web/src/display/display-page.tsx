import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../i18n';
import '../i18n/waiting-room';
import { clinicQuery } from '../session/queries';
import { DisplayBoard } from './display-board';
import { forgetDisplayToken, takeDisplayToken } from './display-token';
import classes from './display.module.css';
import { RefusedScreen } from './refused-screen';

/**
 * The waiting-room TV (`/display?token=…`): no session, only the screen's token. Runs for days:
 * the clinic is asked again now and then (its "today" moves at midnight), and a failed read is
 * retried for as long as it takes.
 */
const screenClinicQuery = {
  ...clinicQuery,
  retry: true,
  retryDelay: (failures: number) => Math.min(30_000, 1000 * 2 ** failures),
  refetchInterval: 10 * 60_000,
} as const;

export function DisplayPage() {
  const { t } = useTranslation();
  const [token] = useState(takeDisplayToken);
  const [refused, setRefused] = useState(token === undefined);
  const clinic = useQuery(screenClinicQuery);
  const defaultLanguage = clinic.data?.defaultLanguage;
  const clinicName = clinic.data?.name;

  // The waiting room reads the clinic's language, whatever the TV's browser is set to.
  useEffect(() => {
    if (defaultLanguage) void changeLanguage(defaultLanguage, false);
  }, [defaultLanguage]);
  useEffect(() => {
    document.title = clinicName ? `${clinicName} · ${t('display.title')}` : t('display.title');
  }, [clinicName, t]);

  const onRefused = useCallback(() => {
    forgetDisplayToken();
    setRefused(true);
  }, []);

  if (refused || token === undefined) return <RefusedScreen />;
  if (!clinic.data) {
    return (
      <main className={classes.refused}>
        <h1 className={classes.refusedBody}>{t('display.status.connecting')}</h1>
      </main>
    );
  }
  return <DisplayBoard token={token} clinicName={clinic.data.name} onRefused={onRefused} />;
}
