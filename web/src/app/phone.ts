/**
 * A stored phone (E.164, `+5521987654321`) as people write it: Brazilian numbers as
 * `(21) 98765-4321`, the others as stored. The API reads either back.
 */
export function displayPhone(e164: string): string {
  const brazil = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(e164);
  return brazil ? `(${brazil[1]}) ${brazil[2]}-${brazil[3]}` : e164;
}
