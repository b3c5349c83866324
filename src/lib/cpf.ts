/** The Brazilian individual taxpayer number (CPF): nine digits and two check digits. */

/** `123.456.789-09` or `12345678909` → `12345678909` when its check digits hold; else undefined. */
export function normalizeCpf(input: string): string | undefined {
  const digits = input.replace(/[.\-\s]/g, '');
  if (!/^\d{11}$/.test(digits)) return undefined;
  if (/^(\d)\1{10}$/.test(digits)) return undefined; // 111.111.111-11 passes the sums but is void
  return cpfCheckDigits(digits.slice(0, 9)) === digits.slice(9) ? digits : undefined;
}

/** The two check digits that complete a CPF's first nine digits. */
export function cpfCheckDigits(base: string): string {
  const checkDigit = (digits: string) => {
    let sum = 0;
    for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (digits.length + 1 - i);
    const rest = (sum * 10) % 11;
    return rest === 10 ? '0' : String(rest);
  };
  const first = checkDigit(base);
  return first + checkDigit(base + first);
}

export function formatCpf(digits: string): string {
  return `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${digits.slice(9)}`;
}

/** For lists: enough to tell two patients apart, not enough to use the number. */
export function maskCpf(digits: string): string {
  return `***.${digits.slice(3, 6)}.${digits.slice(6, 9)}-**`;
}
