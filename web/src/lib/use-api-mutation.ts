import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from './graphql-client';

/**
 * A mutation whose API errors are kept for the form: `fieldErrors` beside each field (from BAD_USER_INPUT),
 * `formError` for the rest (with its request id). On success the listed query keys are refetched, so the page
 * updates without a reload.
 */
export function useApiMutation<TVars, TResult>(
  mutationFn: (vars: TVars) => Promise<TResult>,
  opts: { invalidate: unknown[][]; onSuccess?: (result: TResult) => void },
) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn,
    onSuccess: async (result) => {
      await Promise.all(opts.invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      opts.onSuccess?.(result);
    },
  });
  const error =
    mutation.error instanceof ApiError
      ? mutation.error
      : mutation.error
        ? new ApiError(String(mutation.error), 'ERROR', null)
        : null;
  const fieldErrors = error?.fieldMap() ?? {};
  const formError = error && Object.keys(fieldErrors).length === 0 ? error : null;
  return { ...mutation, fieldErrors, formError };
}
