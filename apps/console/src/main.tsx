import '@fontsource/be-vietnam-pro/400.css';
import '@fontsource/be-vietnam-pro/600.css';
import '@fontsource/be-vietnam-pro/700.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { LANGUAGES, LanguageProvider, useLanguage } from './i18n.js';
import type { Me, Role } from './api.js';
import { Approvals } from './pages/Approvals.js';
import { Audit } from './pages/Audit.js';
import { Campaigns } from './pages/Campaigns.js';
import { ChangePassword } from './pages/ChangePassword.js';
import { Donations } from './pages/Donations.js';
import { Deployment } from './pages/Deployment.js';
import { Emergencies } from './pages/Emergencies.js';
import { Localities } from './pages/Localities.js';
import { Login } from './pages/Login.js';
import { Media } from './pages/Media.js';
import { Pair } from './pages/Pair.js';
import { Reports } from './pages/Reports.js';
import { ScreenDetail } from './pages/ScreenDetail.js';
import { Screens } from './pages/Screens.js';
import { Users } from './pages/Users.js';
import { SessionProvider, useSession } from './session.js';

function LanguageSwitch() {
  const { language, setLanguage, t } = useLanguage();
  return (
    <div className="languages">
      {LANGUAGES.map((l) => (
        <button key={l} type="button" className={l === language ? 'on' : ''} onClick={() => setLanguage(l)} lang={l}>
          {t(`language.${l}`)}
        </button>
      ))}
    </div>
  );
}

/** What each role works on, in the order of the navigation; the first is its home. */
type Page =
  | 'screens'
  | 'pair'
  | 'library'
  | 'approvals'
  | 'campaigns'
  | 'donations'
  | 'emergencies'
  | 'reports'
  | 'users'
  | 'localities'
  | 'audit';

const PAGES: Record<Role, readonly Page[]> = {
  admin: [
    'screens',
    'pair',
    'library',
    'approvals',
    'campaigns',
    'emergencies',
    'reports',
    'users',
    'localities',
    'audit',
  ],
  communications: ['library', 'approvals', 'campaigns', 'screens', 'reports'],
  operator: ['screens', 'pair', 'reports'],
  advertiser: ['donations', 'screens', 'reports'],
};

/** The role's pages; communications staff an administrator designated also get the emergency page. */
function pagesOf(user: Me): readonly Page[] {
  const pages = PAGES[user.role];
  return user.mayTriggerEmergencies && !pages.includes('emergencies') ? [...pages, 'emergencies'] : pages;
}

function Shell() {
  const { t } = useLanguage();
  const { user, logout } = useSession();
  const location = useLocation();
  if (user === undefined) return <p className="muted centre">{t('common.loading')}</p>;
  if (user === null) {
    return (
      <>
        <LanguageSwitch />
        <Login />
      </>
    );
  }
  if (user.mustChangePassword) return <ChangePassword />;
  return (
    <>
      <header className="top">
        <strong className="brand">{t('app.name')}</strong>
        <nav>
          {pagesOf(user).map((page) => (
            <NavLink key={page} to={`/${page}`}>
              {t(`nav.${page}`)}
            </NavLink>
          ))}
        </nav>
        <span className="who">
          {user.displayName} · {t(`role.${user.role}`)}
          {user.organisation ? ` · ${user.organisation.name}` : ''}
        </span>
        <LanguageSwitch />
        <button type="button" onClick={() => void logout()}>
          {t('nav.signOut')}
        </button>
      </header>
      <main>
        <Routes location={location}>
          <Route path="/" element={<Navigate to={`/${PAGES[user.role][0]}`} replace />} />
          {/* /media is the server's (files by hash): the library lives at /library */}
          <Route path="/library" element={<Media />} />
          <Route path="/approvals" element={<Approvals />} />
          <Route path="/campaigns" element={<Campaigns />} />
          <Route path="/donations" element={<Donations />} />
          <Route path="/emergencies" element={<Emergencies />} />
          <Route path="/reports" element={<Reports />} />
          <Route path="/reports/deployment" element={<Deployment />} />
          <Route path="/users" element={<Users />} />
          <Route path="/localities" element={<Localities />} />
          <Route path="/audit" element={<Audit />} />
          <Route path="/screens" element={<Screens />} />
          <Route path="/screens/:id" element={<ScreenDetail />} />
          <Route path="/pair" element={<Pair />} />
          <Route path="*" element={<Navigate to={`/${PAGES[user.role][0]}`} replace />} />
        </Routes>
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <LanguageProvider>
        <SessionProvider>
          <Shell />
        </SessionProvider>
      </LanguageProvider>
    </BrowserRouter>
  </StrictMode>,
);
