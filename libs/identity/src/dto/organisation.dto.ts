import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ROLES, type Role } from '@app/core';
import { IsUscc } from '../uscc';
import { ORGANISATION_KINDS, type OrganisationKind } from '../organisation.entity';

export class CreateOrganisationDto {
  @ApiProperty({ description: '统一社会信用代码 (GB 32100-2015)', example: '91110000600037341L' })
  @IsString()
  @Length(18, 18)
  @IsUscc()
  uscc!: string;

  @ApiProperty({ example: '某某建设集团有限公司' })
  @IsString()
  @Length(2, 200)
  name!: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind!: OrganisationKind;

  @ApiPropertyOptional({ description: 'GB/T 2260 region code', example: '210100' })
  @IsOptional()
  @Matches(/^\d{6}$/)
  regionCode?: string;
}

export class CreateAccountDto {
  @ApiProperty({ example: 'zhangsan' })
  @IsString()
  @Matches(/^[a-zA-Z0-9_.-]{3,64}$/)
  username!: string;

  @ApiProperty({ example: '张三' })
  @IsString()
  @Length(1, 100)
  displayName!: string;

  @ApiProperty()
  @IsString()
  @Length(10, 128)
  password!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty()
  @IsUUID()
  organisationId!: string;
}

export class PageQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Matches(/^\d{1,3}$/)
  limit?: string;

  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

/** Self-registration of a bidder: the organisation and its first account (POST /api/auth/register). */
export class RegisterBidderDto {
  @ApiProperty({ description: '统一社会信用代码 (GB 32100-2015)', example: '91110000600037341L' })
  @IsString()
  @Length(18, 18)
  @IsUscc()
  uscc!: string;

  @ApiProperty({ description: '单位名称', example: '某某建设集团有限公司' })
  @IsString()
  @Length(2, 200)
  name!: string;

  @ApiPropertyOptional({ description: 'GB/T 2260 region code', example: '210100' })
  @IsOptional()
  @Matches(/^\d{6}$/)
  regionCode?: string;

  @ApiProperty({ example: 'zhangsan' })
  @IsString()
  @Matches(/^[a-zA-Z0-9_.-]{3,64}$/)
  username!: string;

  @ApiProperty({ description: '联系人姓名', example: '张三' })
  @IsString()
  @Length(1, 100)
  displayName!: string;

  @ApiProperty({ description: '10–128 characters, three of: lower case, upper case, digit, other' })
  @IsString()
  @Length(10, 128)
  password!: string;
}

export class RegisteredOrganisationDto {
  @ApiProperty() id!: string;
  @ApiProperty() uscc!: string;
  @ApiProperty() name!: string;
}

export class RegisteredAccountDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['bidder'] }) role!: 'bidder';
}

export class RegistrationDto {
  @ApiProperty({ type: RegisteredOrganisationDto }) organisation!: RegisteredOrganisationDto;
  @ApiProperty({ type: RegisteredAccountDto }) account!: RegisteredAccountDto;
}

/** GET /staff/tenderer-organisations */
export class TendererSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'any part of the name or of the 统一社会信用代码; empty lists every tenderer', example: '城市建设' })
  @IsOptional()
  @IsString()
  @Length(0, 60)
  q?: string;
}
