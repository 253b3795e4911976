import { ButtonRow } from '../ButtonRow';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { FormEvent, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { refusalText } from '../client';
import { Diagram } from '../Diagram';
import type { ConventionAtQuery, VerifyHistoryQuery } from '../gql/graphql';
import { formatDay, formatInstant, statusLabel, useI18n } from '../i18n';
import { ConventionAt, HistoryQuery, VerifyHistory } from '../operations';
import { linkTo } from '../router';

/** A hash shown short, with a button that copies it whole. */
function Hash({ value, label }: { value: string; label: string }) {
  const { t } = useI18n();
  return (
    <span className="fr-text--xs" style={{ whiteSpace: 'nowrap' }}>
      <code title={value}>{value.slice(0, 12)}…</code>{' '}
      <button
        type="button"
        className="fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-icon-clipboard-line"
        title={`${t('copy')} ${label}`}
        onClick={() => void navigator.clipboard?.writeText(value)}
      >
        {t('copy')} {label}
      </button>
    </span>
  );
}

/** The payload in one line: its keys and short values. */
function summary(payload: string): string {
  try {
    const data = JSON.parse(payload) as Record<string, unknown>;
    return Object.entries(data)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(', ')
      .slice(0, 160);
  } catch {
    return payload.slice(0, 160);
  }
}

export function AuditPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const client = useClient();
  const [{ data, error }] = useQuery({ query: HistoryQuery, variables: { id } });
  const [verification, setVerification] = useState<VerifyHistoryQuery['verifyHistory'] | null>(null);
  const [past, setPast] = useState<ConventionAtQuery['conventionAt'] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  if (error) return <Alert severity="error" title={t('refused')} description={refusalText(error)} />;
  if (!data) return <p>{t('loading')}</p>;
  const zone = data.workflows.find((w) => w.id === data.convention.workflowId)?.timeZone ?? 'Europe/Paris';

  const verify = async () => {
    const result = await client.query(VerifyHistory, { id }, { requestPolicy: 'network-only' }).toPromise();
    if (result.error) setProblem(refusalText(result.error));
    setVerification(result.data?.verifyHistory ?? null);
  };

  const showAt = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const day = String(new FormData(event.currentTarget).get('at'));
    // The end of that day in UTC: the convention as it stood once the day was over.
    const result = await client.query(ConventionAt, { id, at: `${day}T23:59:59Z` }).toPromise();
    if (result.error) setProblem(refusalText(result.error));
    setPast(result.data?.conventionAt ?? null);
  };

  const checkpoint = data.latestCheckpoint;
  return (
    <>
      <p>
        <a {...linkTo(`/conventions/${encodeURIComponent(id)}`)}>{data.convention.title}</a>
      </p>
      <h1>
        {t('audit')} — {data.convention.title}
      </h1>
      {problem && (
        <Alert severity="error" small title={t('refused')} description={problem} className="fr-mb-2w" />
      )}

      <ButtonRow>
        <Button onClick={verify} iconId="fr-icon-checkbox-circle-line">
          {t('verify')}
        </Button>
        <a
          className="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left"
          href={`/audit/export?conventionId=${encodeURIComponent(id)}`}
          download={`${id}.ndjson`}
        >
          {t('export')}
        </a>
      </ButtonRow>
      <div aria-live="polite" data-testid="verification">
        {verification &&
          (verification.valid ? (
            <Alert
              severity="success"
              small
              description={`${t('verifyValid')} (${verification.eventCount} ${t('events')})`}
            />
          ) : (
            <Alert
              severity="error"
              small
              description={`${t('verifyInvalid')} ${verification.firstBadVersion ?? '?'} : ${verification.reason ?? ''}`}
            />
          ))}
      </div>

      <h2 className="fr-h4 fr-mt-4w">{t('timeline')}</h2>
      <Table
        noCaption
        bordered
        headers={[t('version'), t('kind'), t('actor'), t('localTime'), t('utc'), t('payload'), t('hash')]}
        data={data.history.edges.map(({ node: e }) => [
          String(e.version),
          e.type,
          `${e.actor.name} (${e.actor.role.toLowerCase()}${e.actor.partyId ? `, ${e.actor.partyId}` : ''})`,
          formatInstant(lang, e.occurredAt, e.timeZone),
          <time key="u" dateTime={e.occurredAt}>
            {e.occurredAt}
          </time>,
          <span key="p" className="fr-text--xs">
            {summary(e.payload)}
          </span>,
          <span key="h">
            <Hash value={e.hash} label={`${t('hash')} v${e.version}`} />
            <br />
            <Hash value={e.prevHash} label={`${t('prevHash')} v${e.version}`} />
          </span>,
        ])}
      />

      <h2 className="fr-h4 fr-mt-4w">{t('atDate')}</h2>
      <form onSubmit={showAt} className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div className="fr-col-auto">
          <Input label={t('date')} nativeInputProps={{ name: 'at', type: 'date', required: true }} />
        </div>
        <div className="fr-col-auto fr-mb-3w">
          <Button type="submit">{t('show')}</Button>
        </div>
      </form>
      {past && (
        <section data-testid="convention-at" aria-label={t('atDate')}>
          <p>
            {t('asOf')} {past.version} ({formatDay(lang, past.at)}) :{' '}
            <strong>{statusLabel(lang, past.convention.status)}</strong> —{' '}
            {past.convention.commitments.filter((c) => c.status === 'FULFILLED').length} /{' '}
            {past.convention.commitments.length} {t('fulfilled').toLowerCase()}
          </p>
          <Diagram svg={past.convention.diagram} label={t('diagram')} />
        </section>
      )}

      <h2 className="fr-h4 fr-mt-4w">{t('checkpoint')}</h2>
      {checkpoint ? (
        <dl>
          <dt>{t('checkpointSize')}</dt>
          <dd>
            {checkpoint.size} {t('events')} ({formatInstant(lang, checkpoint.issuedAt, zone)})
          </dd>
          <dt>{t('keyFingerprint')}</dt>
          <dd>
            <code>{data.auditKey.keyId}</code> ({data.auditKey.algorithm})
          </dd>
          <dt>{t('offlineCommand')}</dt>
          <dd>
            <pre className="fr-text--xs" style={{ whiteSpace: 'pre-wrap' }}>
              {`npm run cli -- public-key > audit-key.pub.pem\nnpm run cli -- verify ${id}.ndjson --checkpoint kept-checkpoint.txt --public-key audit-key.pub.pem`}
            </pre>
          </dd>
        </dl>
      ) : (
        <p>{t('none')}</p>
      )}
    </>
  );
}
