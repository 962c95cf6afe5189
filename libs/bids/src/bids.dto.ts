import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Type } from 'class-transformer';

export class HandOverKeyDto {
  @ApiProperty({
    description: 'The bid sealing key: its 64 hex digits, or the whole key file written by `bid-seal` (BID-SEAL KEY v1 …)',
    example: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  })
  @IsString()
  @MinLength(64)
  @MaxLength(2000)
  key!: string;
}

export class ObjectionDto {
  @ApiProperty({ description: '异议内容', maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, { message: '$property must not be blank' })
  text!: string;
}

export class AnswerDto {
  @ApiProperty({ description: '答复', maxLength: 4000 })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  @Matches(/\S/, { message: '$property must not be blank' })
  answer!: string;
}

export class VerifyReceiptDto {
  @ApiProperty({ description: 'The receipt payload exactly as received (the signed canonical JSON text)' })
  @IsString()
  @MinLength(2)
  @MaxLength(20_000)
  payload!: string;

  @ApiProperty({ description: 'The Ed25519 signature, base64' })
  @IsString()
  @MaxLength(200)
  signature!: string;
}

export class OwnBidsQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
