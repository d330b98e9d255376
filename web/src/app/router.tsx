import { Navigate, createBrowserRouter } from 'react-router';
import { AuditLogPage } from '../modules/admin/AuditLogPage.tsx';
import { OutboxPage } from '../modules/admin/OutboxPage.tsx';
import { ApiKeysPage } from '../modules/identity/ApiKeysPage.tsx';
import { CheckInboxPage } from '../modules/identity/CheckInboxPage.tsx';
import { CreateOrganizationPage } from '../modules/identity/CreateOrganizationPage.tsx';
import { ForgotPasswordPage } from '../modules/identity/ForgotPasswordPage.tsx';
import { InvitationPage } from '../modules/identity/InvitationPage.tsx';
import { MembersPage } from '../modules/identity/MembersPage.tsx';
import { OAuthCompletePage } from '../modules/identity/OAuthCompletePage.tsx';
import { OrganizationLayout } from '../modules/identity/OrganizationLayout.tsx';
import { OrganizationSettingsPage } from '../modules/identity/OrganizationSettingsPage.tsx';
import { ProfilePage } from '../modules/identity/ProfilePage.tsx';
import { ResetPasswordPage } from '../modules/identity/ResetPasswordPage.tsx';
import { SecurityPage } from '../modules/identity/SecurityPage.tsx';
import { SessionsPage } from '../modules/identity/SessionsPage.tsx';
import { SignInPage } from '../modules/identity/SignInPage.tsx';
import { SignUpPage } from '../modules/identity/SignUpPage.tsx';
import { TeamsPage } from '../modules/identity/TeamsPage.tsx';
import { VerifyEmailPage } from '../modules/identity/VerifyEmailPage.tsx';
import { HomeRedirect } from './HomeRedirect.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RedirectIfSignedIn, RequireAuth } from './RequireAuth.tsx';
import { Shell } from './Shell.tsx';

export const router = createBrowserRouter([
  {
    element: <RedirectIfSignedIn />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/sign-up', element: <SignUpPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
    ],
  },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  { path: '/verify-email', element: <VerifyEmailPage /> },
  { path: '/oauth/complete', element: <OAuthCompletePage /> },
  { path: '/invitations/:token', element: <InvitationPage /> },
  {
    element: <RequireAuth />,
    children: [
      { path: '/check-inbox', element: <CheckInboxPage /> },
      {
        element: <Shell />,
        children: [
          { path: '/', element: <HomeRedirect /> },
          { path: '/orgs/new', element: <CreateOrganizationPage /> },
          {
            path: '/orgs/:orgId',
            element: <OrganizationLayout />,
            children: [
              { index: true, element: <Navigate to="members" replace /> },
              { path: 'members', element: <MembersPage /> },
              { path: 'teams', element: <TeamsPage /> },
              { path: 'api-keys', element: <ApiKeysPage /> },
              { path: 'settings', element: <OrganizationSettingsPage /> },
              { path: 'audit', element: <AuditLogPage /> },
            ],
          },
          { path: '/settings', element: <Navigate to="/settings/profile" replace /> },
          { path: '/settings/profile', element: <ProfilePage /> },
          { path: '/settings/security', element: <SecurityPage /> },
          { path: '/settings/sessions', element: <SessionsPage /> },
          { path: '/admin/outbox', element: <OutboxPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
