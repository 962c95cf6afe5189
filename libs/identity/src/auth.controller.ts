import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor, AnyRole, ApiProblems, CalendarService, clientIp, CurrentActor, Public, RateLimited, Roles } from '@app/core';
import { AuthService } from './auth.service';
import { ChangePasswordDto, LoginDto, RefreshDto, TokenPairDto } from './dto/auth.dto';
import { CreateAccountDto, CreateOrganisationDto, PageQueryDto, RegisterBidderDto, RegistrationDto, TendererSearchQueryDto } from './dto/organisation.dto';
import { AccountDto, AccountPageDto, MeDto, OrganisationChoicePageDto, OrganisationDto, OrganisationPageDto } from './dto/identity-views.dto';
import { decodeCursor, IdentityService, pageLimit } from './identity.service';
import { IsIn, IsOptional } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ORGANISATION_KINDS, type OrganisationKind } from './organisation.entity';

class OrganisationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS })
  @IsOptional()
  @IsIn(ORGANISATION_KINDS)
  kind?: OrganisationKind;
}

@ApiTags('auth 登录')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly identity: IdentityService,
  ) {}

  @Public()
  @RateLimited('registration')
  @Post('register')
  @ApiOperation({ summary: 'Register a bidder (投标人注册): its organisation (统一社会信用代码 checked) and its first account' })
  @ApiCreatedResponse({ type: RegistrationDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 409: ['ORGANISATION_EXISTS', 'USERNAME_TAKEN'], 422: ['USCC_INVALID', 'PASSWORD_TOO_WEAK'] })
  async register(@Body() dto: RegisterBidderDto, @CurrentActor() actor: Actor): Promise<RegistrationDto> {
    const { organisation, account } = await this.identity.registerBidder(actor, dto);
    return {
      organisation: { id: organisation.id, uscc: organisation.uscc, name: organisation.name },
      account: { id: account.id, username: account.username, displayName: account.displayName, role: 'bidder' },
    };
  }

  @Public()
  @RateLimited('login')
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in: a short-lived access token and a refresh token' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 401: ['INVALID_CREDENTIALS'], 423: ['ACCOUNT_LOCKED'], 429: ['LOGIN_RATE_LIMITED'] })
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<TokenPairDto> {
    return this.auth.login(dto.username, dto.password, clientIp(req));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (the old one is used up)' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 401: ['REFRESH_TOKEN_INVALID'] })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @AnyRole()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the refresh token is revoked' })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  async logout(@CurrentActor() actor: Actor, @Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(actor, dto.refreshToken);
  }
}

@ApiTags('identity 账户与单位')
@Controller()
export class IdentityController {
  constructor(
    private readonly identity: IdentityService,
    private readonly calendars: CalendarService,
    private readonly auth: AuthService,
  ) {}

  /** Who is logged in; administrators also see the warnings that need them (R3: unloaded holiday calendars). */
  @AnyRole()
  @Get('me')
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentActor() actor: Actor): Promise<MeDto> {
    const me = await this.identity.me(actor);
    return actor.role === 'admin' ? { ...me, warnings: this.calendars.warnings() } : me;
  }

  @AnyRole()
  @Patch('me/password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'changed' })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 401: ['INVALID_CREDENTIALS'], 422: ['PASSWORD_TOO_WEAK'] })
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.identity.changePassword(actor, dto.currentPassword, dto.newPassword);
  }

  @Roles('admin', 'supervisor')
  @Get('organisations')
  @ApiOkResponse({ type: OrganisationPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'BAD_LIMIT', 'BAD_CURSOR'] })
  listOrganisations(@Query() q: OrganisationQueryDto): Promise<OrganisationPageDto> {
    return this.identity.listOrganisations(pageLimit(q.limit), decodeCursor(q.cursor), q.kind);
  }

  /** Agency staff choose the tenderer of a project they register; only tenderer organisations can be one. */
  @Roles('staff')
  @Get('staff/tenderer-organisations')
  @ApiOperation({ summary: 'Search the registered tenderer organisations (招标人) by any part of the name or 统一社会信用代码, by name: for agency staff naming the tenderer of a project' })
  @ApiOkResponse({ type: OrganisationChoicePageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'BAD_LIMIT', 'BAD_CURSOR'] })
  searchTenderers(@Query() q: TendererSearchQueryDto): Promise<OrganisationChoicePageDto> {
    return this.identity.searchTenderers(q.q, q.limit ? pageLimit(q.limit) : 20, q.cursor);
  }

  @Roles('admin')
  @Post('organisations')
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 409: ['ORGANISATION_EXISTS'], 422: ['USCC_INVALID'] })
  createOrganisation(@CurrentActor() actor: Actor, @Body() dto: CreateOrganisationDto): Promise<OrganisationDto> {
    return this.identity.createOrganisation(actor, dto);
  }

  @AnyRole()
  @Get('organisations/:id')
  @ApiOkResponse({ type: OrganisationDto })
  @ApiProblems({ 400: ['BAD_REQUEST'], 404: ['NOT_FOUND'] })
  getOrganisation(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<OrganisationDto> {
    return this.identity.getOrganisation(actor, id);
  }

  @AnyRole()
  @Get('organisations/:id/accounts')
  @ApiOkResponse({ type: AccountPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'BAD_LIMIT', 'BAD_CURSOR'] })
  async listAccounts(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() q: PageQueryDto): Promise<AccountPageDto> {
    const page = await this.identity.listAccounts(actor, id, pageLimit(q.limit), decodeCursor(q.cursor));
    // lockedUntil: an administrator's lock or the lock of repeated failed logins, whichever ends later
    const locks = await this.auth.failureLocks(page.items.map((a) => a.username));
    const items = page.items.map((a) => {
      const byFailures = locks.get(a.username);
      return byFailures && (!a.lockedUntil || a.lockedUntil < byFailures) ? { ...a, lockedUntil: byFailures } : a;
    });
    return { ...page, items };
  }

  @Roles('admin')
  @Post('accounts')
  @ApiCreatedResponse({ type: AccountDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND'], 409: ['USERNAME_TAKEN'], 422: ['PASSWORD_TOO_WEAK', 'ROLE_ORGANISATION_MISMATCH'] })
  createAccount(@CurrentActor() actor: Actor, @Body() dto: CreateAccountDto): Promise<AccountDto> {
    return this.identity.createAccount(actor, dto);
  }

  @Roles('admin')
  @Post('accounts/:id/unlock')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'unlocked' })
  @ApiProblems({ 400: ['BAD_REQUEST'], 404: ['NOT_FOUND'] })
  async unlock(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.identity.unlock(actor, id);
  }
}
