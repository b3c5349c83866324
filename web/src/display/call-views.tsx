import { useTranslation } from 'react-i18next';
import { useClinicTime } from '../time/use-clinic-time';
import { placeOf } from './call-place';
import type { ReceivedCall } from './display-stream';
import classes from './display.module.css';

/** "Consultório 3", the office's own name, or (without an office) the professional. */
function usePlaceText() {
  const { t } = useTranslation();
  return (call: ReceivedCall) => {
    const place = placeOf(call);
    return 'office' in place ? t('display.room', { room: place.office }) : place.place;
  };
}

/** The call being made now, as large as the screen allows; or, before any, what to expect. */
export function CurrentCall({ call, loaded }: { call: ReceivedCall | undefined; loaded: boolean }) {
  const { t } = useTranslation();
  const placeText = usePlaceText();
  const header = <h2 className={classes.label}>{t('display.nowCalling')}</h2>;
  if (!call) {
    return (
      <section className={classes.current} aria-live="polite">
        {header}
        {loaded ? (
          <>
            <p className={classes.empty}>{t('display.noCallsYet')}</p>
            <p className={classes.hint}>{t('display.waitForYourTicket')}</p>
          </>
        ) : (
          <p className={classes.empty}>{t('display.status.connecting')}</p>
        )}
      </section>
    );
  }
  const named = call.room?.trim() ? `${call.professional.name} · ` : '';
  return (
    // A new call remounts the section, which replays its flash.
    <section key={call.id} className={`${classes.current} ${classes.fresh}`} aria-live="polite">
      {header}
      <p className={classes.ticket} data-testid="current-ticket">
        {call.ticket}
      </p>
      <p className={classes.place} data-testid="current-place">
        {placeText(call)}
      </p>
      <p className={classes.professional}>
        {named}
        {call.professional.specialty}
      </p>
    </section>
  );
}

/** The calls before the current one, newest first. */
export function LastCalls({ calls }: { calls: ReceivedCall[] }) {
  const { t } = useTranslation();
  const { time } = useClinicTime();
  const placeText = usePlaceText();
  return (
    <section className={classes.last} aria-labelledby="display-last-calls">
      <h2 id="display-last-calls" className={classes.lastTitle}>
        {t('display.lastCalls')}
      </h2>
      {calls.length === 0 ? (
        <p className={classes.hint}>{t('display.noEarlierCalls')}</p>
      ) : (
        <ol className={classes.list} data-testid="last-calls">
          {calls.map((call) => (
            <li key={call.id} className={classes.item}>
              <span className={classes.itemTicket}>{call.ticket}</span>
              <span className={classes.itemPlace}>{placeText(call)}</span>
              <span className={classes.itemTime}>
                {t('display.calledAt', { time: time(call.calledAt) })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
