import { Type, type Static } from 'typebox';
import { Nullable, StrictObject } from '../../http/schemas.js';

const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', ...(description ? { description } : {}) });

export const PrescriptionItemInput = StrictObject({
  drug: Text(200, 'The drug and its strength, e.g. "Amoxicilina 500 mg"'),
  dosage: Text(200, 'e.g. "1 cápsula de 8 em 8 horas"'),
  instructions: Text(1_000, 'e.g. "Tomar por 7 dias, após as refeições"'),
  quantity: Type.Optional(Text(100, 'e.g. "21 cápsulas"')),
});

export const NewPrescriptionBody = StrictObject({
  items: Type.Array(PrescriptionItemInput, { minItems: 1, maxItems: 30 }),
});

export const RevokeBody = StrictObject({ reason: Text(500) });

const PrescriptionItem = Type.Object({
  drug: Type.String(),
  dosage: Type.String(),
  instructions: Type.String(),
  quantity: Nullable(Type.String()),
});

export const Prescription = Type.Object({
  id: Type.String({ format: 'uuid' }),
  appointmentId: Type.String({ format: 'uuid' }),
  status: Type.Enum(['valid', 'revoked']),
  issuedAt: Type.String({ format: 'date-time' }),
  patient: Type.Object({ registerNumber: Type.String(), name: Type.String() }),
  professional: Type.Object({
    councilNumber: Type.String(),
    name: Type.String(),
    specialty: Type.String(),
  }),
  items: Type.Array(PrescriptionItem),
  /** What the printed paper shows for a pharmacist to check it. */
  verificationCode: Type.String(),
  verificationUrl: Type.String({ format: 'uri' }),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  revokeReason: Nullable(Type.String()),
});

/** What anyone holding the paper may learn: nothing the paper does not already show. */
export const PrescriptionCheck = Type.Object({
  status: Type.Enum(['valid', 'revoked']),
  issuedAt: Type.String({ format: 'date-time' }),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  professional: Type.Object({
    name: Type.String(),
    councilNumber: Type.String(),
    specialty: Type.String(),
  }),
  /** "J. C." for João Câmara. */
  patientInitials: Type.String(),
  itemCount: Type.Integer(),
});

export const PrescriptionParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const VerifyParams = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 64, description: 'As printed, e.g. 7KQ2-M9XD-…' }),
});

export type PrescriptionView = Static<typeof Prescription>;
export type PrescriptionCheckView = Static<typeof PrescriptionCheck>;
export type PrescriptionItemInput = Static<typeof PrescriptionItemInput>;
