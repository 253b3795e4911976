import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { FormEvent, useState } from 'react';
import { SessionViewer, signIn } from '../client';
import { useI18n } from '../i18n';

export function SignInPage({
  ended,
  onSignedIn,
}: {
  ended: boolean;
  onSignedIn(viewer: SessionViewer): void;
}) {
  const { t } = useI18n();
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const field = event.currentTarget.elements.namedItem('token') as HTMLInputElement;
    setBusy(true);
    const viewer = await signIn(field.value.trim()).catch(() => null);
    setBusy(false);
    // The field is emptied either way: the secret does not stay in the page.
    field.value = '';
    if (viewer) onSignedIn(viewer);
    else setFailed(true);
  };

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>{t('signInTitle')}</h1>
        {ended && <Alert severity="warning" small description={t('sessionEnded')} className="fr-mb-3w" />}
        {failed && <Alert severity="error" small description={t('signInFailed')} className="fr-mb-3w" />}
        <form onSubmit={submit}>
          <Input
            label={t('token')}
            hintText={t('signInHint')}
            nativeInputProps={{ name: 'token', type: 'password', autoComplete: 'off', required: true }}
          />
          <Button type="submit" disabled={busy}>
            {t('signIn')}
          </Button>
        </form>
      </div>
    </div>
  );
}
