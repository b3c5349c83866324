import { useEffect, useState } from 'react';

const TICK_MS = 15_000;

/**
 * The server's clock, now: the board's `now` plus the time elapsed since it arrived, so minutes
 * waiting count from the server's instant and never from a wrong browser clock.
 */
export function useServerNow(serverNow: string, receivedAt: number): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    const interval = setInterval(() => setTick((tick) => tick + 1), TICK_MS);
    return () => clearInterval(interval);
  }, []);
  return Date.parse(serverNow) + Math.max(0, Date.now() - receivedAt);
}

/** Whole minutes from an instant to the server's now (never negative). */
export function minutesSince(iso: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
}
