import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dayIn } from '../time/days';
import { useClinicTime } from '../time/use-clinic-time';
import { Announcer } from './announce';
import { CurrentCall, LastCalls } from './call-views';
import { Chime } from './chime';
import { DisplayClock } from './display-clock';
import type { StreamStatus } from './display-stream';
import classes from './display.module.css';
import { SoundPrompt } from './sound-prompt';
import { SpeakerIcon } from './speaker-icon';
import { useDisplayCalls } from './use-display-calls';

const statusClass: Record<Exclude<StreamStatus, 'unauthorised'>, string | undefined> = {
  connecting: classes.connecting,
  live: classes.live,
  reconnecting: classes.reconnecting,
};

/** The board: the call being made, the last ones, the clinic, its clock and the connection. */
export function DisplayBoard(props: { token: string; clinicName: string; onRefused: () => void }) {
  const { t } = useTranslation();
  const { timeZone, today } = useClinicTime();
  const [sound] = useState(() => {
    const chime = new Chime();
    return { chime, announcer: new Announcer(chime) };
  });
  const [soundOn, setSoundOn] = useState(false);
  const { calls, status, loaded } = useDisplayCalls(props.token, sound.announcer);
  const { onRefused } = props;

  useEffect(
    () => () => {
      sound.announcer.stop();
      sound.chime.close();
    },
    [sound],
  );
  useEffect(() => {
    if (status === 'unauthorised') onRefused();
  }, [status, onRefused]);

  const enableSound = useCallback(() => {
    void sound.chime
      .unlock()
      .catch(() => undefined)
      .then(() => {
        sound.announcer.enable();
        setSoundOn(true);
      });
  }, [sound]);

  // A screen left on overnight drops yesterday's calls once the clinic's day changes.
  const todays = calls.filter((call) => dayIn(call.calledAt, timeZone) === today);
  const shown = status === 'unauthorised' ? 'connecting' : status;

  return (
    <div className={classes.screen}>
      <header className={classes.header}>
        <h1 className={classes.clinic}>{props.clinicName}</h1>
        <div className={classes.indicators}>
          <span className={`${classes.pill} ${statusClass[shown]}`} role="status">
            <span className={classes.dot} aria-hidden="true" />
            {t(`display.status.${shown}`)}
          </span>
          {soundOn && (
            <span className={`${classes.pill} ${classes.sound}`}>
              <SpeakerIcon muted={false} />
              {t('display.soundOn')}
            </span>
          )}
          <DisplayClock />
        </div>
      </header>
      <main className={classes.body}>
        <CurrentCall call={todays[0]} loaded={loaded} />
        <LastCalls calls={todays.slice(1)} />
      </main>
      {!soundOn && <SoundPrompt onEnable={enableSound} />}
    </div>
  );
}
