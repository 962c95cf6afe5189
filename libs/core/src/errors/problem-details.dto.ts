import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ProblemMessageDto {
  @ApiProperty({ example: '标段不存在' }) zh!: string;
  @ApiProperty({ example: 'Section not found' }) en!: string;
}

export class ProblemFieldErrorDto {
  @ApiProperty({ example: 'title' }) field!: string;
  @ApiProperty({ type: [String], example: ['title must be shorter than or equal to 200 characters'] }) messages!: string[];
}

/**
 * Every refusal, as the one exception filter (ProblemDetailsFilter) sends it: application/problem+json (RFC 9457)
 * with a stable `code` and the message in Chinese and English. A DomainError's details add fields (a rule's id,
 * the dates that would pass…); they never replace these.
 */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'urn:etendering:problem:not-found' }) type!: string;
  @ApiProperty({ example: 'Section not found' }) title!: string;
  @ApiProperty({ example: 404 }) status!: number;
  @ApiProperty({ description: 'the stable code a client acts on', example: 'NOT_FOUND' }) code!: string;
  @ApiProperty({ example: '标段不存在 / Section not found' }) detail!: string;
  @ApiProperty({ type: ProblemMessageDto }) message!: ProblemMessageDto;
  @ApiPropertyOptional({ description: 'the request path', example: '/api/sections/0b6f…' }) instance?: string;
  @ApiProperty({ description: 'the request id (X-Request-Id): quote it to the operators' }) correlationId!: string;
  @ApiPropertyOptional({ type: [ProblemFieldErrorDto], description: 'VALIDATION_FAILED: the fields refused' }) errors?: ProblemFieldErrorDto[];
  @ApiPropertyOptional({ description: 'a refusal by a rule of docs/rules.md: its id', example: 'R15' }) rule?: string;
  @ApiPropertyOptional({ description: '429: seconds until a retry may pass (also the Retry-After header)' }) retryAfterSeconds?: number;
}
