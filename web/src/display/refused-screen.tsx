import { useTranslation } from 'react-i18next';
import classes from './display.module.css';

/** The token was revoked or is wrong: the screen says so instead of retrying forever. */
export function RefusedScreen() {
  const { t } = useTranslation();
  return (
    <main className={classes.refused} data-testid="display-refused">
      <h1 className={classes.refusedTitle}>{t('display.unauthorisedTitle')}</h1>
      <p className={classes.refusedBody}>{t('display.unauthorisedBody')}</p>
    </main>
  );
}
