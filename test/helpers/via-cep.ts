import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for ViaCEP (CEP_LOOKUP_URL): the street, district and city of the one CEP the
 * tests type, 01310-100; any other is unknown, as ViaCEP answers it.
 */
export async function startViaCep(): Promise<{
  server: http.Server;
  url: string;
  close(): Promise<void>;
}> {
  const server = http.createServer((request, response) => {
    const known = request.url === '/ws/01310100/json/';
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(
      JSON.stringify(
        known
          ? {
              cep: '01310-100',
              logradouro: 'Avenida Paulista',
              bairro: 'Bela Vista',
              localidade: 'São Paulo',
              uf: 'SP',
            }
          : { erro: true },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}/ws/{cep}/json/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
