import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { PROCEDURE_TYPES, ProcedureType } from '@app/core';
import { IsInstant, IsMoney } from './validation';

export class SectionInputDto {
  @ApiProperty({ example: '一标段：主体工程', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ description: '估算价 (construction) / 预算金额 (government), yuan', example: '12500000.00' })
  @IsMoney()
  estimatedPrice!: string;

  @ApiProperty({ description: '投标保证金, yuan; at most 2% of the estimated price or budget (R9)', example: '250000.00' })
  @IsMoney()
  bidSecurity!: string;

  @ApiProperty({ description: '投标截止 (截止), ISO 8601 with offset', example: '2026-12-21T09:30:00+08:00' })
  @IsInstant()
  bidDeadline!: string;

  @ApiPropertyOptional({ description: '开标时间: must equal 截止 (R17); taken from bidDeadline when absent' })
  @IsOptional()
  @IsInstant()
  openingTime?: string;
}

export class UpdateSectionDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsMoney() estimatedPrice?: string;
  @ApiPropertyOptional() @IsOptional() @IsMoney() bidSecurity?: string;
  @ApiPropertyOptional() @IsOptional() @IsInstant() bidDeadline?: string;
  @ApiPropertyOptional() @IsOptional() @IsInstant() openingTime?: string;
}

export class CreateProjectDto {
  @ApiProperty({ example: '滨河路桥梁改造工程', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: PROCEDURE_TYPES, description: 'construction 工程建设 | government 政府采购' })
  @IsIn(PROCEDURE_TYPES)
  procedureType!: ProcedureType;

  @ApiProperty({ description: 'GB/T 2260 region code', example: '210100' })
  @Matches(/^\d{6}$/, { message: 'regionCode must be a 6-digit GB/T 2260 code' })
  regionCode!: string;

  @ApiPropertyOptional({ description: '招标人; staff of a tenderer register for their own organisation' })
  @IsOptional()
  @IsUUID()
  tendererOrgId?: string;

  @ApiPropertyOptional({ description: '招标代理机构; staff of an agency register as the agency' })
  @IsOptional()
  @IsUUID()
  agencyOrgId?: string;

  @ApiProperty({ description: '资金来源', example: '财政资金', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  fundingSource!: string;

  @ApiProperty({ type: [SectionInputDto] })
  @ValidateNested({ each: true })
  @Type(() => SectionInputDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  sections!: SectionInputDto[];
}

export class UpdateProjectDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{6}$/) regionCode?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @Length(1, 200) fundingSource?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() agencyOrgId?: string;
}

export class PageQueryDto {
  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Matches(/^\d{1,3}$/)
  limit?: string;
}
