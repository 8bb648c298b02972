// The mapping's field errors from the last save, by field path, in the UI language.
import { useFieldErrors } from '../../i18n/field-errors';
import { useApp } from '../../store/store';

export function useMappingErrors(): Record<string, string> {
  const errors = useApp((s) => s.mappingErrors);
  const codes = useApp((s) => s.mappingErrorCodes);
  return useFieldErrors(errors, codes);
}
