import { Footer } from '@codegouvfr/react-dsfr/Footer';
import { Header } from '@codegouvfr/react-dsfr/Header';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Provider } from 'urql';
import { createGraphQLClient, currentSession, SessionViewer, signOut } from './client';
import { I18nContext, Lang, makeI18n } from './i18n';
import { AdminPage } from './pages/AdminPage';
import { AuditPage } from './pages/AuditPage';
import { ConventionPage } from './pages/ConventionPage';
import { ConventionsPage } from './pages/ConventionsPage';
import { HomePage } from './pages/HomePage';
import { SignInPage } from './pages/SignInPage';
import { linkTo, navigate, usePath } from './router';

export function App() {
  const [lang, setLangState] = useState<Lang>(document.documentElement.lang === 'en' ? 'en' : 'fr');
  const setLang = useCallback((next: Lang) => {
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const i18n = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);
  const { t } = i18n;
  const [viewer, setViewer] = useState<SessionViewer | null | undefined>(undefined);
  const [ended, setEnded] = useState(false);
  const path = usePath();
  const viewerRef = useRef(viewer);
  viewerRef.current = viewer;

  const onUnauthenticated = useCallback(() => {
    if (viewerRef.current) setEnded(true);
    setViewer(null);
  }, []);
  // A new client per session: nothing read in one session is shown in the next.
  const client = useMemo(
    () => (viewer ? createGraphQLClient(onUnauthenticated) : null),
    [viewer, onUnauthenticated],
  );

  useEffect(() => {
    currentSession().then(setViewer, () => setViewer(null));
  }, []);

  useEffect(() => {
    const main = document.getElementById('contenu');
    main?.focus();
  }, [path]);

  const quickAccessItems = viewer
    ? [
        {
          iconId: 'fr-icon-translate-2' as const,
          buttonProps: {
            onClick: () => setLang(lang === 'fr' ? 'en' : 'fr'),
            lang: lang === 'fr' ? 'en' : 'fr',
          },
          text: t('language'),
        },
        {
          iconId: 'fr-icon-logout-box-r-line' as const,
          buttonProps: {
            onClick: async () => {
              await signOut();
              setEnded(false);
              setViewer(null);
              navigate('/');
            },
          },
          text: t('signOut'),
        },
      ]
    : [
        {
          iconId: 'fr-icon-translate-2' as const,
          buttonProps: {
            onClick: () => setLang(lang === 'fr' ? 'en' : 'fr'),
            lang: lang === 'fr' ? 'en' : 'fr',
          },
          text: t('language'),
        },
      ];

  const navigation = viewer
    ? [
        {
          text: viewer.role === 'REPRESENTATIVE' ? t('myCommitments') : t('conventions'),
          linkProps: linkTo('/'),
          isActive: path === '/',
        },
        ...(viewer.role === 'REPRESENTATIVE'
          ? [
              {
                text: t('conventions'),
                linkProps: linkTo('/conventions'),
                isActive: path.startsWith('/conventions'),
              },
            ]
          : []),
        ...(viewer.role === 'ADMIN'
          ? [{ text: t('admin'), linkProps: linkTo('/admin'), isActive: path === '/admin' }]
          : []),
      ]
    : [];

  let page;
  if (viewer === undefined) page = <p>{t('loading')}</p>;
  else if (viewer === null)
    page = (
      <SignInPage
        ended={ended}
        onSignedIn={(v) => {
          setEnded(false);
          setViewer(v);
        }}
      />
    );
  else page = <Route path={path} viewer={viewer} />;

  return (
    <I18nContext.Provider value={i18n}>
      <Header
        brandTop={
          <>
            République
            <br />
            Française
          </>
        }
        homeLinkProps={{ ...linkTo('/'), title: `${t('appName')} — ${t('home')}` }}
        serviceTitle={t('appName')}
        serviceTagline={
          viewer
            ? `${t('tagline')} · ${viewer.name}${viewer.partyId ? ` (${viewer.partyId.toUpperCase()})` : ''}`
            : t('tagline')
        }
        quickAccessItems={quickAccessItems}
        navigation={navigation.length ? navigation : undefined}
      />
      <main id="contenu" tabIndex={-1} className="fr-container fr-py-4w" style={{ outline: 'none' }}>
        {client ? <Provider value={client}>{page}</Provider> : page}
      </main>
      <Footer
        accessibility="partially compliant"
        bottomItems={[]}
        brandTop={
          <>
            République
            <br />
            Française
          </>
        }
        homeLinkProps={{ ...linkTo('/'), title: t('home') }}
      />
    </I18nContext.Provider>
  );
}

function Route({ path, viewer }: { path: string; viewer: SessionViewer }) {
  const convention = /^\/conventions\/([^/]+)(\/audit)?$/.exec(path);
  if (convention) {
    const id = decodeURIComponent(convention[1]!);
    return convention[2] ? <AuditPage id={id} /> : <ConventionPage id={id} viewer={viewer} />;
  }
  if (path === '/admin' && viewer.role === 'ADMIN') return <AdminPage viewer={viewer} />;
  if (path === '/conventions') return <ConventionsPage viewer={viewer} />;
  if (viewer.role === 'REPRESENTATIVE' && viewer.partyId) return <HomePage partyId={viewer.partyId} />;
  return <ConventionsPage viewer={viewer} />;
}
