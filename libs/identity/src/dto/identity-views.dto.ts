import { ApiProperty } from '@nestjs/swagger';
import { ApiTime, CalendarWarningDto, PageOf, ROLES, type Role } from '@app/core';
import { ORGANISATION_KINDS, type OrganisationKind } from '../organisation.entity';

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: '统一社会信用代码' }) uscc!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind!: OrganisationKind;
  @ApiProperty({ type: String, nullable: true, description: 'GB/T 2260 region code' }) regionCode!: string | null;
  @ApiTime() createdAt!: Date;
}

export class AccountDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() active!: boolean;
  @ApiTime({ nullable: true, description: 'locked after repeated failed logins until then' }) lockedUntil!: Date | null;
  @ApiTime() createdAt!: Date;
}

export class MeDto {
  @ApiProperty({ type: AccountDto }) account!: AccountDto;
  @ApiProperty({ type: OrganisationDto }) organisation!: OrganisationDto;
  @ApiProperty({ type: [CalendarWarningDto], required: false, description: 'administrators only: what needs them (R3: unloaded holiday calendars)' })
  warnings?: CalendarWarningDto[];
}

/** An organisation as a choice in a list (the tenderer of a project registered by an agency). */
export class OrganisationChoiceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '沈阳市城市建设投资集团有限公司' }) name!: string;
  @ApiProperty({ description: '统一社会信用代码', example: '91210100MA0TXXXX1K' }) code!: string;
}

export class OrganisationPageDto extends PageOf(OrganisationDto) {}
export class OrganisationChoicePageDto extends PageOf(OrganisationChoiceDto) {}
export class AccountPageDto extends PageOf(AccountDto) {}
