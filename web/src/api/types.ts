import type { paths } from './schema';

type Json<Response> = Response extends { content: { 'application/json': infer Body } }
  ? Body
  : never;

/** What an operation answers when it succeeds (200 or 201), from the generated types. */
export type Ok<
  Path extends keyof paths,
  Method extends keyof paths[Path],
> = paths[Path][Method] extends {
  responses: infer Responses;
}
  ? Responses extends { 200: infer Success }
    ? Json<Success>
    : Responses extends { 201: infer Created }
      ? Json<Created>
      : never
  : never;

/** One item of a paginated list's answer. */
export type ItemOf<Path extends keyof paths> =
  Ok<Path, 'get' & keyof paths[Path]> extends {
    items: (infer Item)[];
  }
    ? Item
    : never;
