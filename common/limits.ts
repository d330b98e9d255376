/** Limits shared by the web forms and the server, so both say the same thing. */
export const limits = {
  password: { min: 10, max: 256 },
  email: { max: 254 },
  displayName: { min: 1, max: 80 },
  organizationName: { min: 2, max: 80 },
  teamName: { min: 1, max: 80 },
  apiKeyName: { min: 1, max: 80 },
  pageSize: { default: 50, max: 200 },
  invitationTtlDays: 7,
  emailVerificationTtlHours: 24,
  passwordResetTtlMinutes: 60,
  refreshTokenTtlDays: 30,
  recoveryCodeCount: 10,
} as const;

/** Studio: projects, files, messages, comments, documents. */
export const studioLimits = {
  projectName: { min: 1, max: 120 },
  projectDescription: { max: 2000 },
  projectSearch: { max: 120 },
} as const;
