import { PermanentDeliveryError, type OutgoingMessage } from '../message.js';

/** The message's phone number in E.164 (`+5521987654321`); a permanent failure without one. */
export function e164Destination(message: OutgoingMessage): string {
  const phone = message.to.phone?.replace(/[\s().-]/g, '');
  if (!phone || !/^\+[1-9]\d{6,14}$/.test(phone)) {
    throw new PermanentDeliveryError(
      `the recipient has no valid phone number for ${message.channel}`,
    );
  }
  return phone;
}
