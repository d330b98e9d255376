import { type ComponentType, Suspense, lazy } from 'react';
import { Navigate, Outlet, createBrowserRouter } from 'react-router';
import { OrganizationLayout } from '../modules/identity/OrganizationLayout.tsx';
import { ProjectLayout } from '../modules/studio/ProjectLayout.tsx';
import { ProjectsPage, projectTabs } from '../modules/studio/routes.tsx';
import { HomeRedirect } from './HomeRedirect.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { FullPageSpinner, RedirectIfSignedIn, RequireAuth } from './RequireAuth.tsx';
import { Shell } from './Shell.tsx';

/** One page of a group: the group is a single chunk, so moving between its pages fetches nothing more. */
function lazyPage<K extends string>(loadGroup: () => Promise<Record<NoInfer<K>, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await loadGroup())[name] }));
}

const authPages = () => import('./pages/auth.ts');
const organizationPages = () => import('./pages/organization.ts');
const settingsPages = () => import('./pages/settings.ts');
const adminPages = () => import('./pages/admin.ts');
const dashboardPages = () => import('./pages/dashboards.ts');

const SignInPage = lazyPage(authPages, 'SignInPage');
const SignUpPage = lazyPage(authPages, 'SignUpPage');
const ForgotPasswordPage = lazyPage(authPages, 'ForgotPasswordPage');
const ResetPasswordPage = lazyPage(authPages, 'ResetPasswordPage');
const VerifyEmailPage = lazyPage(authPages, 'VerifyEmailPage');
const OAuthCompletePage = lazyPage(authPages, 'OAuthCompletePage');
const InvitationPage = lazyPage(authPages, 'InvitationPage');
const CheckInboxPage = lazyPage(authPages, 'CheckInboxPage');
const CreateOrganizationPage = lazyPage(organizationPages, 'CreateOrganizationPage');
const MembersPage = lazyPage(organizationPages, 'MembersPage');
const TeamsPage = lazyPage(organizationPages, 'TeamsPage');
const ApiKeysPage = lazyPage(organizationPages, 'ApiKeysPage');
const OrganizationSettingsPage = lazyPage(organizationPages, 'OrganizationSettingsPage');
const ProfilePage = lazyPage(settingsPages, 'ProfilePage');
const SecurityPage = lazyPage(settingsPages, 'SecurityPage');
const SessionsPage = lazyPage(settingsPages, 'SessionsPage');
const AuditLogPage = lazyPage(adminPages, 'AuditLogPage');
const OutboxPage = lazyPage(adminPages, 'OutboxPage');
const StreamsPage = lazyPage(dashboardPages, 'StreamsPage');
const StreamExplorerPage = lazyPage(dashboardPages, 'StreamExplorerPage');
const DashboardsPage = lazyPage(dashboardPages, 'DashboardsPage');
const DashboardPage = lazyPage(dashboardPages, 'DashboardPage');
const AlertsPage = lazyPage(dashboardPages, 'AlertsPage');
const NotificationsPage = lazyPage(() => import('../modules/notifications/NotificationsPage.tsx'), 'NotificationsPage');
const SharedDashboardPage = lazyPage(() => import('../modules/dashboards/shared/SharedDashboardPage.tsx'), 'SharedDashboardPage');

export const router = createBrowserRouter([
  {
    // Pages inside the shell suspend under its own boundary, so this one only covers the frameless pages.
    element: (
      <Suspense fallback={<FullPageSpinner />}>
        <Outlet />
      </Suspense>
    ),
    children: [
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
      // A public link: no session needed, and none of the signed-in navigation.
      { path: '/shared/dashboards/:token', element: <SharedDashboardPage /> },
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
                  { index: true, element: <Navigate to="projects" replace /> },
                  { path: 'projects', element: <ProjectsPage /> },
                  { path: 'streams', element: <StreamsPage /> },
                  { path: 'dashboards', element: <DashboardsPage /> },
                  { path: 'alerts', element: <AlertsPage /> },
                  { path: 'members', element: <MembersPage /> },
                  { path: 'teams', element: <TeamsPage /> },
                  { path: 'api-keys', element: <ApiKeysPage /> },
                  { path: 'settings', element: <OrganizationSettingsPage /> },
                  { path: 'audit', element: <AuditLogPage /> },
                ],
              },
              {
                path: '/projects/:projectId',
                element: <ProjectLayout />,
                children: [
                  { index: true, element: <Navigate to={projectTabs[0]?.path ?? 'settings'} replace /> },
                  ...projectTabs.flatMap((tab) => [{ path: tab.path, element: tab.element }, ...(tab.children ?? [])]),
                ],
              },
              { path: '/streams/:streamId', element: <StreamExplorerPage /> },
              { path: '/dashboards/:dashboardId', element: <DashboardPage /> },
              { path: '/settings', element: <Navigate to="/settings/profile" replace /> },
              { path: '/settings/profile', element: <ProfilePage /> },
              { path: '/settings/security', element: <SecurityPage /> },
              { path: '/settings/sessions', element: <SessionsPage /> },
              { path: '/admin/outbox', element: <OutboxPage /> },
              { path: '/notifications', element: <NotificationsPage /> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);
