import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { refusalText, SessionViewer } from '../client';
import { useI18n } from '../i18n';
import { ConventionsQuery, CreateConvention } from '../operations';
import { linkTo } from '../router';
import { ConventionsPage } from './ConventionsPage';

export function AdminPage({ viewer }: { viewer: SessionViewer }) {
  const { t } = useI18n();
  const [{ data }] = useQuery({ query: ConventionsQuery });
  const [result, create] = useMutation(CreateConvention);
  const [created, setCreated] = useState<{ id: string; title: string } | null>(null);
  const [workflowId, setWorkflowId] = useState<string | null>(null);
  const workflows = data?.workflows ?? [];
  // The options of the definition chosen (the first one until another is).
  const options = (workflows.find((w) => w.id === workflowId) ?? workflows[0])?.options ?? [];

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const answer = await create(
      {
        input: {
          workflowId: String(form.get('workflowId')),
          effectiveOn: String(form.get('effectiveOn') || '') || null,
          title: String(form.get('title') || '') || null,
          options: form.getAll('options').map(String),
        },
      },
      { additionalTypenames: ['Convention'] },
    );
    setCreated(answer.data?.createConvention.convention ?? null);
  };

  return (
    <>
      <h1>{t('admin')}</h1>
      <h2 className="fr-h4">{t('createConvention')}</h2>
      <form onSubmit={submit} className="fr-mb-4w">
        <Select
          label={t('definition')}
          nativeSelectProps={{
            name: 'workflowId',
            required: true,
            onChange: (event) => setWorkflowId(event.target.value),
          }}
        >
          {workflows.map((w) => (
            <option key={w.id} value={w.id}>
              {w.title}
            </option>
          ))}
        </Select>
        {options.length > 0 && (
          <Checkbox
            key={workflowId ?? ''}
            legend={t('options')}
            data-testid="create-options"
            options={options.map((o) => ({
              label: o.title,
              nativeInputProps: { name: 'options', value: o.id },
            }))}
          />
        )}
        <Input label={t('title')} nativeInputProps={{ name: 'title' }} />
        <Input label={t('effectiveOn')} nativeInputProps={{ name: 'effectiveOn', type: 'date' }} />
        <Button type="submit">{t('create')}</Button>
      </form>
      <div aria-live="polite">
        {result.error && (
          <Alert severity="error" small title={t('refused')} description={refusalText(result.error)} />
        )}
        {created && (
          <Alert
            severity="success"
            small
            title={t('created')}
            description={<a {...linkTo(`/conventions/${encodeURIComponent(created.id)}`)}>{created.title}</a>}
          />
        )}
      </div>
      <ConventionsPage viewer={viewer} />
    </>
  );
}
