import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './display.module.css';
import { SpeakerIcon } from './speaker-icon';

/**
 * Browsers play no sound before a user gesture: until someone clicks or presses a key (a TV
 * remote's OK is a key), this asks for one. Anywhere on the page counts, not only the button.
 */
export function SoundPrompt({ onEnable }: { onEnable: () => void }) {
  const { t } = useTranslation();
  useEffect(() => {
    window.addEventListener('pointerdown', onEnable);
    window.addEventListener('keydown', onEnable);
    return () => {
      window.removeEventListener('pointerdown', onEnable);
      window.removeEventListener('keydown', onEnable);
    };
  }, [onEnable]);
  return (
    <button type="button" className={classes.soundPrompt} onClick={onEnable}>
      <SpeakerIcon muted /> {t('display.enableSound')}
    </button>
  );
}
