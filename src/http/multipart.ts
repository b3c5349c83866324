import { badRequest, HttpProblem } from './problem.js';

/**
 * The multipart parser (busboy) throws plain errors for a body that is not what its header
 * says (no boundary, a JSON body, a cut-off part): those are the client's, a 400 naming what
 * was being uploaded. Errors that already carry a 4xx status (the size limits' 413) pass as
 * they are.
 */
export function multipartClientError(error: unknown, upload: 'photo' | 'file'): unknown {
  if (error instanceof HttpProblem) return error;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return error;
  return badRequest(
    upload === 'photo'
      ? 'The photo upload is not a valid multipart/form-data body.'
      : 'The file upload is not a valid multipart/form-data body.',
  );
}
