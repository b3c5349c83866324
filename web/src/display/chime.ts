/** Two soft notes, high then low, like a doorbell: about 1.2 s. */
const NOTES = [
  { frequency: 880, start: 0, length: 0.6 },
  { frequency: 659.25, start: 0.45, length: 0.75 },
] as const;
const VOLUME = 0.25;

/**
 * The chime before each announcement, synthesised with the Web Audio API (no sound file to
 * load). Browsers keep audio off until a user gesture, so `unlock()` must run in one; a single
 * AudioContext then serves every chime for as long as the page stays open.
 */
export class Chime {
  private context: AudioContext | undefined;

  /** In a click or key handler. */
  async unlock(): Promise<void> {
    this.context ??= new AudioContext();
    if (this.context.state === 'suspended') await this.context.resume();
  }

  get unlocked(): boolean {
    return this.context?.state === 'running';
  }

  play(): void {
    const context = this.context;
    if (!context) return;
    const now = context.currentTime;
    for (const note of NOTES) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = note.frequency;
      const start = now + note.start;
      const end = start + note.length;
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(VOLUME, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.001, end);
      oscillator.connect(gain).connect(context.destination);
      // Played nodes are let go, so that days of chimes hold no memory.
      oscillator.onended = () => {
        oscillator.disconnect();
        gain.disconnect();
      };
      oscillator.start(start);
      oscillator.stop(end);
    }
  }

  close(): void {
    void this.context?.close();
    this.context = undefined;
  }
}

/** How long the chime lasts: the announcement starts after it. */
export const CHIME_MS = 1200;
