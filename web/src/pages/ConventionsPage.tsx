import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useQuery } from 'urql';
import { refusalText, SessionViewer } from '../client';
import { formatDay, statusLabel, useI18n } from '../i18n';
import { ConventionsQuery } from '../operations';
import { linkTo } from '../router';

export function ConventionsPage({ viewer }: { viewer: SessionViewer }) {
  const { t, lang } = useI18n();
  const [{ data, error }] = useQuery({ query: ConventionsQuery });
  if (error) return <Alert severity="error" title={t('refused')} description={refusalText(error)} />;
  if (!data) return <p>{t('loading')}</p>;
  const auditor = viewer.role !== 'REPRESENTATIVE';
  return (
    <>
      <h1>{t('allConventions')}</h1>
      <Table
        noCaption
        bordered
        headers={[
          t('convention'),
          t('parties'),
          t('status'),
          t('effectiveOn'),
          t('noticeDeadline'),
          ...(auditor ? [t('audit')] : []),
        ]}
        data={data.conventions.edges.map(({ node: c }) => [
          <a key="l" {...linkTo(`/conventions/${encodeURIComponent(c.id)}`)}>
            {c.title}
          </a>,
          c.parties.map((p) => p.shortName).join(', '),
          statusLabel(lang, c.status),
          formatDay(lang, c.effectiveOn),
          formatDay(lang, c.noticeDeadline),
          ...(auditor
            ? [
                <a key="a" {...linkTo(`/conventions/${encodeURIComponent(c.id)}/audit`)}>
                  {t('audit')}
                  <span className="fr-sr-only"> — {c.title}</span>
                </a>,
              ]
            : []),
        ])}
      />
    </>
  );
}
