import type { Executor } from '../../db/database.js';
import type { Role } from '../../http/access.js';
import type { Language } from './message.js';

/** A user as messages need them: where they can be reached, in which language, on what. */
export interface Recipient {
  id: string;
  name: string;
  role: Role;
  email: string;
  phone: string | null;
  language: Language;
  active: boolean;
  notifyEmail: boolean;
  notifySms: boolean;
  notifyWhatsapp: boolean;
  whatsappOptInAt: Date | null;
}

/** A professional found by a council number they hold or held (a moved appointment's former one). */
export interface ProfessionalOfRecord {
  userId: string;
  specialty: string;
  officeNumber: string | null;
}

/**
 * Who messages go to. The users are accounts' and the professionals people's; this module uses
 * no other (they all write to its outbox), so src/services.ts hands it their read queries. Both
 * run in the caller's transaction.
 */
export interface RecipientDirectory {
  /** The users with these ids, active or not. */
  recipients(executor: Executor, userIds: string[]): Promise<Map<string, Recipient>>;
  professionalByCouncilNumber(
    executor: Executor,
    councilNumber: string,
  ): Promise<ProfessionalOfRecord | undefined>;
}
