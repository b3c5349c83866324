import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { FreeSlot } from './booking-queries';
import { isSlotTaken } from './slot-taken';

/**
 * The free time chosen for a booking or a move, and the one just lost to another booking: what
 * the booking and the rescheduling pages share. The confirmation's heading takes the focus when
 * a time is chosen, so a phone shows the next step.
 */
export function useSlotChoice() {
  const queries = useQueryClient();
  const [slot, setSlot] = useState<FreeSlot>();
  const [taken, setTaken] = useState<FreeSlot>();
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (slot) confirmHeading.current?.focus();
  }, [slot]);
  return {
    slot,
    taken,
    confirmHeading,
    choose(chosen: FreeSlot | undefined) {
      setSlot(chosen);
      setTaken(undefined);
    },
    /** A confirmation refused: a time taken meanwhile is shown as such, with fresh free times. */
    async refused(error: unknown, chosen: FreeSlot) {
      if (!isSlotTaken(error)) return;
      setTaken(chosen);
      setSlot(undefined);
      await queries.invalidateQueries({ queryKey: ['slots'] });
    },
  };
}
