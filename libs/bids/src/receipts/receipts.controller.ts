import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, Public } from '@app/core';
import { PublishedReceiptKeyDto, ReceiptVerificationDto } from '../bids-views.dto';
import { VerifyReceiptDto } from '../bids.dto';
import { ReceiptSigner } from './receipt-signer';

@ApiTags('receipts 回执')
@Controller('public')
export class ReceiptsController {
  constructor(private readonly signer: ReceiptSigner) {}

  @Public()
  @Get('receipt-key')
  @ApiOperation({ summary: "The platform's published receipt key (Ed25519): check a receipt offline with it (libs/bids/README.md)" })
  @ApiOkResponse({ type: PublishedReceiptKeyDto })
  key(): PublishedReceiptKeyDto {
    return this.signer.published;
  }

  @Public()
  @Post('receipts/verify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check a receipt (回执) against the published key',
    description: 'Checks the signature only: the answer says nothing about what is on record, so it tells nobody about other bids.',
  })
  @ApiOkResponse({ type: ReceiptVerificationDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  verify(@Body() dto: VerifyReceiptDto): ReceiptVerificationDto {
    return this.signer.verify(dto.payload, dto.signature);
  }
}
