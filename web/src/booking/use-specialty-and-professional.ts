import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { professionalsQuery } from '../api/directory-queries';
import type { SlotSource } from './booking-queries';
import { FIRST_AVAILABLE } from './professional-choice';

/**
 * The specialty and the professional (or the first available) chosen for a booking, and the free
 * times they give: what the patient's booking and the desk's share.
 */
export function useSpecialtyAndProfessional(initial: { specialty: string; who: string }) {
  const [specialty, setSpecialty] = useState(initial.specialty);
  const [who, setWho] = useState(initial.who);
  const professionals = useQuery({ ...professionalsQuery(specialty), enabled: !!specialty });
  const source: SlotSource | undefined = !specialty
    ? undefined
    : who === FIRST_AVAILABLE
      ? { specialty }
      : { professional: who };
  const professional = professionals.data?.items.find((item) => item.councilNumber === who);
  return { specialty, who, source, professional, setSpecialty, setWho };
}

export type SpecialtyAndProfessionalChoice = ReturnType<typeof useSpecialtyAndProfessional>;
