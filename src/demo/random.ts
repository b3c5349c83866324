import { cpfCheckDigits } from '../lib/cpf.js';

/**
 * A seeded pseudo-random sequence (mulberry32): the same demo clinic on every run for a given
 * day, so a problem seen once can be seen again. Not for secrets.
 */
export class DemoRandom {
  constructor(private state: number) {}

  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error('nothing to pick from');
    return items[Math.floor(this.next() * items.length)]!;
  }

  digits(count: number): string {
    return Array.from({ length: count }, () => String(this.between(0, 9))).join('');
  }

  /** A CPF with valid check digits, never one of the void repeated-digit numbers. */
  cpf(): string {
    let base = this.digits(9);
    while (/^(\d)\1{8}$/.test(base)) base = this.digits(9);
    return base + cpfCheckDigits(base);
  }

  /** A Rio de Janeiro mobile number (area 21, nine digits starting with 9). */
  mobile(): string {
    return `+55 21 9${this.between(6, 9)}${this.digits(3)}-${this.digits(4)}`;
  }
}
