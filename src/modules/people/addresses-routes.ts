import { Type } from 'typebox';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { notFound } from '../../http/problem.js';
import { problems, StrictObject } from '../../http/schemas.js';
import { CEP_PATTERN, formatCep, normalizeCep, stateOfCep } from '../../lib/cep.js';
import type { CepLookup } from './cep-lookup.js';

const CepAddress = Type.Object({
  postCode: Type.String(),
  state: Type.String(),
  street: Type.Union([Type.String(), Type.Null()]),
  district: Type.Union([Type.String(), Type.Null()]),
  city: Type.Union([Type.String(), Type.Null()]),
});

/** For forms: what a CEP says about the address, so the user need not type it all. */
export function addressesRoutes(app: FastifyTypeBox, cepLookup: CepLookup) {
  app.get(
    '/addresses/:postCode',
    {
      config: { action: 'addresses.lookup' },
      schema: {
        tags: ['Addresses'],
        summary:
          'The state (always) and the street, district and city (when the CEP service knows them) of a CEP',
        params: StrictObject({ postCode: Type.String({ pattern: CEP_PATTERN }) }),
        response: { 200: CepAddress, ...problems(400, 404) },
      },
    },
    async (request) => {
      const cep = normalizeCep(request.params.postCode)!;
      const state = stateOfCep(cep);
      if (!state) throw notFound('This CEP is not in any Brazilian state’s range.');
      const found = await cepLookup.lookup(cep);
      return {
        postCode: formatCep(cep),
        state,
        street: found?.street ?? null,
        district: found?.district ?? null,
        city: found?.city ?? null,
      };
    },
  );
}
