import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { Principal } from '../../common/auth/principal';
import { CurrentUser, Public, Roles } from '../../common/auth/roles.decorator';
import { Role } from '../../common/auth/role.enum';
import { ownOrigin } from '../../common/auth/same-origin.middleware';
import { SESSION_COOKIE, sessionCookieOptions, sessionToken } from '../../common/auth/session-cookie';
import { GraphqlContext } from '../../common/graphql-context';
import { UserModel } from '../users/models/user.model';
import { AUTH_SETTINGS, AuthSettings } from './auth-settings';
import { InviteUserInput } from './dto/invite-user.input';
import { SignInArgs } from './dto/sign-in.args';
import { PasswordLinkInfoModel, PasswordLinkModel, PasswordLinkPurpose, SessionModel } from './models/session.model';
import { PasswordLinksService } from './password-links.service';
import { PasswordChangeService } from './password-change.service';
import { SessionMeta, SessionsService } from './sessions.service';
import { SignedIn, SignInService } from './sign-in.service';
import { UserAccessService } from './user-access.service';

function meta(req: Request): SessionMeta {
  return { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null };
}

@Resolver()
export class AuthResolver {
  constructor(
    private readonly signInService: SignInService,
    private readonly sessions: SessionsService,
    private readonly links: PasswordLinksService,
    private readonly access: UserAccessService,
    private readonly passwords: PasswordChangeService,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  @Public()
  @Mutation(() => SessionModel, {
    description:
      'Signs in with email and password and sets the session cookie. A wrong email and a wrong password get the same ' +
      'UNAUTHENTICATED answer; repeated failures per email or per address get RATE_LIMITED (HTTP 429, retry-after).',
  })
  async signIn(@Args() { email, password }: SignInArgs, @Context() ctx: GraphqlContext): Promise<SessionModel> {
    return this.startSession(ctx, await this.signInService.signIn(email, password, meta(ctx.req)));
  }

  @Public()
  @Mutation(() => Boolean, {
    description:
      "Ends the session of the request's cookie and clears the cookie; false when there was no live session.",
  })
  async signOut(@Context() ctx: GraphqlContext): Promise<boolean> {
    const token = sessionToken(ctx.req);
    this.response(ctx).clearCookie(SESSION_COOKIE, sessionCookieOptions(ctx.req, this.settings.publicUrl));
    return token ? this.sessions.revokeToken(token) : false;
  }

  @Query(() => SessionModel, { nullable: true, description: 'The current browser session; null with an API key.' })
  async currentSession(@CurrentUser() p: Principal): Promise<SessionModel | null> {
    return p.sessionId ? this.sessions.describe(p.sessionId) : null;
  }

  @Public()
  @Query(() => PasswordLinkInfoModel, {
    description: 'Who a set-password link is for; BAD_USER_INPUT (field token) when it is invalid, used or expired.',
  })
  async passwordLink(@Args('token') token: string): Promise<PasswordLinkInfoModel> {
    const info = await this.links.describe(token);
    return { ...info, purpose: info.purpose as PasswordLinkPurpose };
  }

  @Public()
  @Mutation(() => SessionModel, {
    description:
      "Sets the password behind a one-time link, uses the link up, ends the user's other sessions and signs in. " +
      'A weak password is BAD_USER_INPUT (field password) and leaves the link usable.',
  })
  async setPassword(
    @Args('token') token: string,
    @Args('password') password: string,
    @Context() ctx: GraphqlContext,
  ): Promise<SessionModel> {
    return this.startSession(ctx, await this.links.setPassword(token, password, meta(ctx.req)));
  }

  @Mutation(() => Boolean, {
    description:
      'Changes your own password: the current one must be right (failures are rate-limited like sign-in), the new ' +
      'one must pass the policy (BAD_USER_INPUT on field newPassword). Your other sessions end; this one stays.',
  })
  @Roles(Role.ADMIN, Role.MANAGER, Role.CSM)
  changePassword(
    @Args('currentPassword') currentPassword: string,
    @Args('newPassword') newPassword: string,
    @CurrentUser() p: Principal,
    @Context() ctx: GraphqlContext,
  ): Promise<boolean> {
    return this.passwords.change(p, currentPassword, newPassword, ctx.req.ip ?? null);
  }

  @Mutation(() => PasswordLinkModel, {
    description: 'Creates a user who signs in with a password, and their one-time invitation link (valid 7 days).',
  })
  @Roles(Role.ADMIN)
  inviteUser(
    @Args('input') input: InviteUserInput,
    @CurrentUser() p: Principal,
    @Context() ctx: GraphqlContext,
  ): Promise<PasswordLinkModel> {
    return this.links.invite(input, p.userId, ownOrigin(ctx.req));
  }

  @Mutation(() => PasswordLinkModel, {
    description:
      "A one-time link (valid 7 days) where the user sets a new password; the user's earlier links stop working.",
  })
  @Roles(Role.ADMIN)
  createPasswordResetLink(
    @Args('userId', { type: () => ID }) userId: string,
    @CurrentUser() p: Principal,
    @Context() ctx: GraphqlContext,
  ): Promise<PasswordLinkModel> {
    return this.links.resetLink(userId, p.userId, ownOrigin(ctx.req));
  }

  @Mutation(() => Int, { description: "Ends all of a user's sessions; returns how many were live." })
  @Roles(Role.ADMIN)
  revokeUserSessions(@Args('userId', { type: () => ID }) userId: string): Promise<number> {
    return this.access.revokeSessions(userId);
  }

  @Mutation(() => UserModel, {
    description: 'Deactivates a user: they cannot sign in, their sessions end and their API keys stop working.',
  })
  @Roles(Role.ADMIN)
  deactivateUser(@Args('id', { type: () => ID }) id: string, @CurrentUser() p: Principal): Promise<UserModel> {
    return this.access.deactivate(id, p.userId);
  }

  @Mutation(() => UserModel, { description: 'Lets a deactivated user back in (password and API keys work again).' })
  @Roles(Role.ADMIN)
  reactivateUser(@Args('id', { type: () => ID }) id: string): Promise<UserModel> {
    return this.access.reactivate(id);
  }

  private startSession(ctx: GraphqlContext, { user, session }: SignedIn): SessionModel {
    this.response(ctx).cookie(
      SESSION_COOKIE,
      session.token,
      sessionCookieOptions(ctx.req, this.settings.publicUrl, session.expiresAt),
    );
    return { user, expiresAt: session.expiresAt, idleExpiresAt: session.idleExpiresAt };
  }

  private response(ctx: GraphqlContext): Response {
    // Express links the response to its request; Apollo writes its own headers next to ours.
    return ctx.req.res as Response;
  }
}
