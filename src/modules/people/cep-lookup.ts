import { formatCep } from '../../lib/cep.js';

export interface CepDetails {
  street?: string;
  district?: string;
  city?: string;
}

/** Street, district and city for a CEP; undefined when unknown or when the service fails. */
export interface CepLookup {
  lookup(cepDigits: string): Promise<CepDetails | undefined>;
}

export const noCepLookup: CepLookup = { lookup: async () => undefined };

interface ViaCepAnswer {
  erro?: boolean | string;
  logradouro?: string;
  bairro?: string;
  localidade?: string;
}

/**
 * A ViaCEP-style JSON service. `urlTemplate` holds `{cep}` (e.g.
 * `https://viacep.com.br/ws/{cep}/json/`). Called before any transaction opens, with a short
 * timeout: a slow or failing service only means the user's own fields are kept.
 */
export class HttpCepLookup implements CepLookup {
  constructor(
    private readonly urlTemplate: string,
    private readonly timeoutMs: number,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  async lookup(cepDigits: string): Promise<CepDetails | undefined> {
    const url = this.urlTemplate.replace('{cep}', cepDigits);
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: { accept: 'application/json' },
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`the service answered ${response.status}`);
      }
      const answer = (await response.json()) as ViaCepAnswer;
      if (answer.erro === true || answer.erro === 'true') return undefined;
      return {
        street: nonEmpty(answer.logradouro),
        district: nonEmpty(answer.bairro),
        city: nonEmpty(answer.localidade),
      };
    } catch (error) {
      this.onFailure(
        Object.assign(new Error(`CEP lookup failed for ${formatCep(cepDigits)}`), { cause: error }),
      );
      return undefined;
    }
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
