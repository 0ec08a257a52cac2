/** Sign-in settings from the configuration (SESSION_*, SIGNIN_*, PUBLIC_URL), provided to the auth services. */
export interface AuthSettings {
  idleSeconds: number;
  maxAgeSeconds: number;
  failuresPerEmail: number;
  failuresPerIp: number;
  publicUrl: string | undefined;
}

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

/** Set-password links (invitations, resets, the admin's first setup) are valid this long. */
export const PASSWORD_LINK_TTL_SECONDS = 7 * 24 * 3600;
