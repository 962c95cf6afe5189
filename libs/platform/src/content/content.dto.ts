import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { ApiTime } from '@app/core';

export const CONTENT_SLUG = /^[a-z][a-z0-9-]{1,39}$/;

export class ContentPageSummaryDto {
  @ApiProperty({ example: 'guide' }) slug!: string;
  @ApiProperty({ example: '交易指南' }) title!: string;
  @ApiProperty({ type: [String], description: "the page's section headings (## lines), for the home page's columns" }) headings!: string[];
  @ApiTime() updatedAt!: Date;
}

export class ContentPageDto extends ContentPageSummaryDto {
  @ApiProperty({
    description: 'plain text: "## " starts a heading, "- " a list item, [文字](/path or https://…) a link, a blank line ends a paragraph; never HTML',
  })
  body!: string;
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
