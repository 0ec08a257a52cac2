import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../../config/config';
import { UsersModule } from '../users/users.module';
import { AUTH_SETTINGS, AuthSettings } from './auth-settings';
import { AuthResolver } from './auth.resolver';
import { PasswordHasher } from './password-hasher.service';
import { PasswordChangeService } from './password-change.service';
import { PasswordLinksService } from './password-links.service';
import { SessionsService } from './sessions.service';
import { SignInLimiter } from './sign-in-limiter';
import { SignInService } from './sign-in.service';
import { UserAccessService } from './user-access.service';
import { UserRoleService } from './user-role.service';
import { UserRoleResolver } from './user-role.resolver';
import { UserStatusResolver } from './user-status.resolver';

export function authSettings(config: AppConfig): AuthSettings {
  return {
    idleSeconds: Math.round(config.SESSION_IDLE_HOURS * 3600),
    maxAgeSeconds: Math.round(config.SESSION_MAX_DAYS * 86_400),
    failuresPerEmail: config.SIGNIN_FAILURES_PER_EMAIL,
    failuresPerIp: config.SIGNIN_FAILURES_PER_IP,
    publicUrl: config.PUBLIC_URL,
  };
}

/** Sign-in for people: passwords, sessions, set-password links, deactivation (issue 18). */
@Module({})
export class AuthModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [UsersModule],
      providers: [
        { provide: AUTH_SETTINGS, useValue: authSettings(config) },
        // One set of failure counters for sign-in and password changes.
        {
          provide: SignInLimiter,
          useFactory: (s: AuthSettings) => new SignInLimiter(s.failuresPerEmail, s.failuresPerIp),
          inject: [AUTH_SETTINGS],
        },
        PasswordHasher,
        SessionsService,
        SignInService,
        PasswordLinksService,
        UserAccessService,
        PasswordChangeService,
        AuthResolver,
        UserStatusResolver,
        UserRoleService,
        UserRoleResolver,
      ],
      exports: [SessionsService, PasswordLinksService, AUTH_SETTINGS],
    };
  }
}
