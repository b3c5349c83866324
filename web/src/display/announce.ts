import type { TFunction } from 'i18next';
import { i18n } from '../i18n';
import { placeOf } from './call-place';
import { CHIME_MS, type Chime } from './chime';
import type { DisplayCall } from './display-stream';

/** The announcement is always in Portuguese, whatever the screen's language. */
const SPOKEN_LANGUAGE = 'pt-BR';
/** Calls waiting to be said past which the oldest are dropped: a burst is not read for minutes. */
const MAX_QUEUED = 2;

/** "P002" → "P 0 0 2": a Portuguese voice then reads "pê zero zero dois", not "pê dois". */
export function spellTicket(ticket: string): string {
  return [...ticket].join(' ');
}

/** What is said for a call, e.g. "Senha P 0 0 2, consultório 3"; never the patient. */
export function announcementOf(call: DisplayCall, t: TFunction = i18n.getFixedT(SPOKEN_LANGUAGE)) {
  const ticket = spellTicket(call.ticket);
  const place = placeOf(call);
  return 'office' in place
    ? t('display.announceRoom', { ticket, room: place.office })
    : t('display.announcePlace', { ticket, place: place.place });
}

/**
 * Chimes, then says the call aloud with the browser's speech synthesis. Timers and utterances
 * are its own and end with `stop()`, so a screen left on for days holds none of them.
 */
export class Announcer {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private queued = 0;
  private enabled = false;

  constructor(private readonly chime: Chime) {}

  /** After the user's gesture: until then browsers would refuse both the chime and the voice. */
  enable(): void {
    this.enabled = true;
  }

  announce(call: DisplayCall): void {
    if (!this.enabled) return;
    // Without audio (no output device, or it failed to start), the words still come.
    const chimed = this.chime.unlocked;
    if (chimed) this.chime.play();
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.say(announcementOf(call));
      },
      chimed ? CHIME_MS : 0,
    );
    this.timers.add(timer);
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if ('speechSynthesis' in window) window.speechSynthesis.cancel();
  }

  private say(text: string): void {
    if (!('speechSynthesis' in window)) return;
    const synthesis = window.speechSynthesis;
    if (this.queued >= MAX_QUEUED) {
      synthesis.cancel();
      this.queued = 0;
    }
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = SPOKEN_LANGUAGE;
    utterance.rate = 0.9;
    const voice = synthesis
      .getVoices()
      .find((candidate) => candidate.lang.replace('_', '-') === SPOKEN_LANGUAGE);
    if (voice) utterance.voice = voice;
    const done = () => {
      this.queued = Math.max(0, this.queued - 1);
    };
    utterance.onend = done;
    utterance.onerror = done;
    this.queued++;
    // Chrome can leave the synthesis paused after the tab was in the background.
    synthesis.resume();
    synthesis.speak(utterance);
  }
}
