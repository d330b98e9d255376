export { CheckInboxPage } from '../../modules/identity/CheckInboxPage.tsx';
export { ForgotPasswordPage } from '../../modules/identity/ForgotPasswordPage.tsx';
export { InvitationPage } from '../../modules/identity/InvitationPage.tsx';
export { OAuthCompletePage } from '../../modules/identity/OAuthCompletePage.tsx';
export { ResetPasswordPage } from '../../modules/identity/ResetPasswordPage.tsx';
export { SignInPage } from '../../modules/identity/SignInPage.tsx';
export { SignUpPage } from '../../modules/identity/SignUpPage.tsx';
export { VerifyEmailPage } from '../../modules/identity/VerifyEmailPage.tsx';
