import { ApiProblem } from '../api/problems';

/**
 * Each field the API refused, next to that field of the form, all at once. `fieldOf` maps the
 * API's names (`address.postCode`) to the form's where they differ.
 */
export function showFieldErrors(
  form: { setFieldError: (field: string, message: string) => void },
  error: unknown,
  fieldOf: (field: string) => string = (field) => field,
): void {
  if (!(error instanceof ApiProblem)) return;
  for (const { field, message } of error.problem.errors ?? []) {
    form.setFieldError(fieldOf(field), message);
  }
}
