import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useQuery } from 'urql';
import { formatDay, lastDayInForce, useI18n } from './i18n';
import { NoticePreviewQuery } from './operations';

/** What giving notice now would do, as the machine computes it on a copy: nothing is written. */
export function NoticePreview({ conventionId }: { conventionId: string }) {
  const { t, lang } = useI18n();
  const [{ data, error }] = useQuery({
    query: NoticePreviewQuery,
    variables: { id: conventionId },
    requestPolicy: 'network-only',
  });
  if (error) return <Alert severity="error" small description={error.message} />;
  if (!data) return <p>{t('loading')}</p>;
  const preview = data.noticePreview;
  if (!preview.allowed)
    return <Alert severity="warning" small title={t('refused')} description={preview.reason ?? ''} />;
  return (
    <Alert
      severity="info"
      small
      title={t('noticePreviewTitle')}
      description={`${t('noticeTakesEffect')} ${formatDay(lang, lastDayInForce(preview.effectiveOn))}.`}
    />
  );
}
