import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ApiTime } from '@app/core';
import { ALL_FILE_TYPES, FileType } from '@app/documents';

export const CONTENT_SLUG = /^[a-z][a-z0-9-]{1,39}$/;

export class ContentPageSummaryDto {
  @ApiProperty({ example: 'guide' }) slug!: string;
  @ApiProperty({ example: '交易指南' }) title!: string;
  @ApiProperty({ type: [String], description: "the page's section headings (## lines), for the home page's columns" }) headings!: string[];
  @ApiTime() updatedAt!: Date;
}

/** A file attached to a content page (a template, a guide), as the public page lists it. */
export class ContentFileDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '投标函格式.docx', description: 'the stored name: sanitised, its extension agreeing with the content' }) name!: string;
  @ApiProperty({ enum: ALL_FILE_TYPES, example: 'docx', description: 'the type judged from the content (magic bytes and, for DOCX/XLSX/OFD, the archive entries)' })
  type!: FileType;
  @ApiProperty({ example: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }) contentType!: string;
  @ApiProperty({ example: 10240, description: 'bytes' }) size!: number;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', description: 'SHA-256 of the bytes, lower-case hex (also in the download\'s X-Content-SHA256)' })
  sha256!: string;
  @ApiTime() uploadedAt!: Date;
  @ApiProperty({ example: '/api/public/content/downloads/files/6f1c…', description: 'where anyone downloads it' }) href!: string;
}

export class ContentPageDto extends ContentPageSummaryDto {
  @ApiProperty({
    description: 'plain text: "## " starts a heading, "- " a list item, [文字](/path or https://…) a link, a blank line ends a paragraph; never HTML',
  })
  body!: string;

  @ApiProperty({ type: [ContentFileDto], description: "the page's files for download, in the order they were attached" })
  files!: ContentFileDto[];
}

export class ContentPageListDto {
  @ApiProperty({ type: [ContentPageSummaryDto] }) items!: ContentPageSummaryDto[];
}

export class PutContentPageDto {
  @ApiProperty({ maxLength: 100, example: '交易指南' })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: '$property must not be blank' })
  title!: string;

  @ApiProperty({ maxLength: 50000, description: 'the content-text format (see ContentPageDto.body)' })
  @IsString()
  @Length(1, 50000)
  @Matches(/\S/, { message: '$property must not be blank' })
  body!: string;
}

export class ContentFileNameDto {
  @ApiProperty({ description: 'the file name, e.g. 投标函格式.docx (its extension must agree with the content)', maxLength: 255 })
  @IsString()
  @Length(1, 255)
  name!: string;
}

export class UpdateContentFileDto {
  @ApiPropertyOptional({
    maxLength: 255,
    example: '投标函格式（2027 年版）.docx',
    description: 'a new name; its extension must agree with the content (none: the type\'s is added)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  @Matches(/\S/, { message: '$property must not be blank' })
  name?: string;

  @ApiPropertyOptional({ minimum: 0, example: 0, description: "the file's place in the page's list, 0 first (past the end: last)" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  position?: number;
}
