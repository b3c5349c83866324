/** A display token was revoked (payload: its id): its open streams end. */
export const DISPLAY_REVOKED_CHANNEL = 'clinicdesk_display_revoked';
