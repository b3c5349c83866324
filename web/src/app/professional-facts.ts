import type { TFunction } from 'i18next';

/**
 * What a patient reads of a professional beside the name, in the directory and when booking:
 * "12 years of experience", "Room 3", each only when the clinic recorded it.
 */
export function professionalFacts(
  t: TFunction,
  professional: { experienceYears: number | null; officeNumber: string | null },
): string[] {
  const { experienceYears, officeNumber } = professional;
  return [
    experienceYears === null ? null : t('professional.experience', { count: experienceYears }),
    officeNumber === null ? null : t('professional.office', { office: officeNumber }),
  ].filter((fact): fact is string => fact !== null);
}
