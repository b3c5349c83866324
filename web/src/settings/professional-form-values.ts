import { addressBody, addressValues, emptyAddress } from '../app/address-fields';
import type { Ok } from '../api/types';
import { displayPhone } from '../app/phone';
import type { Language } from '../i18n';

export type ProfessionalView = Ok<'/api/v1/professionals/{councilNumber}', 'get'>;
/** No gender recorded: typed, so that the form's field keeps the API's values as its type. */
const noGender: NonNullable<ProfessionalView['gender']> | '' = '';

/** The form's values: every field a string, as the inputs hold them. */
export function professionalValues(professional?: ProfessionalView) {
  return {
    name: professional?.name ?? '',
    email: professional?.email ?? '',
    password: '',
    phone: professional?.phone ? displayPhone(professional.phone) : '',
    specialty: professional?.specialty ?? '',
    councilDigits: '',
    gender: professional?.gender ?? noGender,
    birthDate: professional?.birthDate ?? '',
    experienceYears: professional?.experienceYears?.toString() ?? '',
    officeNumber: professional?.officeNumber ?? '',
    bio: professional?.bio ?? '',
    appointmentMinutes: professional?.appointmentMinutes.toString() ?? '30',
    language: 'pt-BR' as Language,
    address: professional?.address ? addressValues(professional.address) : emptyAddress,
  };
}
export type ProfessionalValues = ReturnType<typeof professionalValues>;

/** The fields both registering and editing send; blanks of optional fields are left out. */
function profileBody(values: ProfessionalValues) {
  const text = (value: string) => (value.trim() ? value.trim() : undefined);
  const whole = (value: string) => (value.trim() ? Number(value.trim()) : undefined);
  return {
    name: values.name.trim(),
    email: values.email.trim(),
    specialty: values.specialty.trim(),
    phone: text(values.phone),
    gender: values.gender || undefined,
    birthDate: text(values.birthDate),
    experienceYears: whole(values.experienceYears),
    officeNumber: text(values.officeNumber),
    bio: values.bio.trim(),
    appointmentMinutes: whole(values.appointmentMinutes),
    address: addressBody(values.address),
  };
}

export function newProfessionalBody(values: ProfessionalValues) {
  return {
    ...profileBody(values),
    phone: values.phone.trim(),
    password: values.password,
    councilNumber: values.councilDigits.trim(),
    language: values.language,
  };
}

export const professionalUpdateBody = profileBody;

/** The API names the four digits `councilNumber`; the form, `councilDigits`. */
export const formFieldOf = (field: string) => (field === 'councilNumber' ? 'councilDigits' : field);
