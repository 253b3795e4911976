import { ButtonRow } from './ButtonRow';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { FormEvent, ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useI18n } from './i18n';

export type Field =
  | {
      name: string;
      label: string;
      kind: 'text' | 'url' | 'date' | 'textarea';
      required?: boolean;
      defaultValue?: string;
    }
  | {
      name: string;
      label: string;
      kind: 'select';
      options: { value: string; label: string }[];
      required?: boolean;
      /** A first, empty choice: with `required`, the form is not sent until one is chosen. */
      placeholder?: string;
    };

export type Values = Record<string, string>;

/**
 * An action as a button that opens its form in place: focus goes to the first field, Escape or
 * Cancel closes it and gives focus back to the button. `confirmStep` shows what the action would do
 * (read from the server) before the final confirmation.
 */
export function ActionForm({
  label,
  about,
  fields = [],
  onSubmit,
  confirmStep,
  priority = 'secondary',
  testId,
}: {
  label: string;
  /** What the action is about, read by screen readers after the label (the commitment's title). */
  about?: string;
  fields?: Field[];
  onSubmit(values: Values): Promise<string | null>;
  confirmStep?: (values: Values) => Promise<ReactNode | string>;
  priority?: 'primary' | 'secondary' | 'tertiary';
  testId?: string;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<ReactNode | null>(null);
  const [busy, setBusy] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();

  useEffect(() => {
    if (open) formRef.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    setPreview(null);
    setError(null);
    setTimeout(() => buttonRef.current?.focus());
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const values: Values = {};
    for (const field of fields) values[field.name] = String(data.get(field.name) ?? '');
    setBusy(true);
    setError(null);
    try {
      if (confirmStep && preview === null) {
        setPreview(await confirmStep(values));
        return;
      }
      const refusal = await onSubmit(values);
      if (refusal) setError(refusal);
      else close();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  if (!open)
    return (
      <Button
        priority={priority}
        size="small"
        ref={buttonRef}
        onClick={() => setOpen(true)}
        data-testid={testId}
        aria-expanded={false}
        aria-controls={id}
      >
        {label}
        {about && <span className="fr-sr-only"> : {about}</span>}
      </Button>
    );

  return (
    <form
      id={id}
      ref={formRef}
      onSubmit={submit}
      onKeyDown={(event) => event.key === 'Escape' && close()}
      className="fr-p-2w fr-mb-2w"
      style={{ border: '1px solid var(--border-default-grey)' }}
      aria-label={about ? `${label} : ${about}` : label}
    >
      <p className="fr-text--bold fr-mb-1w">
        {label}
        {about && <> : {about}</>}
      </p>
      {fields.map((field) =>
        field.kind === 'select' ? (
          <Select
            key={field.name}
            label={field.label}
            nativeSelectProps={{
              name: field.name,
              required: field.required,
              defaultValue: field.placeholder === undefined ? undefined : '',
            }}
          >
            {field.placeholder !== undefined && (
              <option value="" disabled>
                {field.placeholder}
              </option>
            )}
            {field.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        ) : field.kind === 'textarea' ? (
          <Input
            key={field.name}
            label={field.label}
            textArea
            nativeTextAreaProps={{
              name: field.name,
              required: field.required,
              defaultValue: field.defaultValue,
            }}
          />
        ) : (
          <Input
            key={field.name}
            label={field.label}
            nativeInputProps={{
              name: field.name,
              type: field.kind,
              required: field.required,
              defaultValue: field.defaultValue,
            }}
          />
        ),
      )}
      {preview !== null && (
        <div role="status" className="fr-mb-2w" data-testid="action-preview">
          {preview}
        </div>
      )}
      {error && (
        <Alert
          severity="error"
          small
          title={t('refused')}
          description={error}
          className="fr-mb-2w"
          role="alert"
        />
      )}
      <ButtonRow>
        <Button type="submit" size="small" disabled={busy}>
          {confirmStep && preview === null ? t('preview') : t('confirm')}
        </Button>
        <Button type="button" size="small" priority="secondary" onClick={close}>
          {t('cancel')}
        </Button>
      </ButtonRow>
    </form>
  );
}
