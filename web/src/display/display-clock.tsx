import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinicTime } from '../time/use-clinic-time';
import classes from './display.module.css';

/** The time on the clinic's wall clock: its own timer, so the board does not redraw each second. */
export function DisplayClock() {
  const { t } = useTranslation();
  const { time, date } = useClinicTime();
  const [now, setNow] = useState(() => new Date().toISOString());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date().toISOString()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div className={classes.clock} role="timer" aria-label={t('display.clock')}>
      <time className={classes.time} dateTime={now}>
        {time(now)}
      </time>
      <span className={classes.date}>{date(now)}</span>
    </div>
  );
}
