import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Actor, ChangeService, ClockService, Errors } from '@app/core';
import { DocumentsService } from '@app/documents';
import { isSealingError, open as openContainer, parseKeyText } from '@app/sealing';
import { BidErrors } from '../bids.errors';
import { classifyDecryptionFailure, DecryptionError } from '../domain/opening-rules';
import { Bid } from '../entities/bid.entity';
import { moveBids } from '../entities/move-bids';
import { BidOpening } from '../entities/bid-opening.entity';
import { BidOpeningService } from './bid-opening.service';

export interface KeyHandoverResult {
  bidId: string;
  receiptNumber: string;
  status: 'decrypted' | 'decryption_failed';
  error: DecryptionError | null;
  /** False when the stored bytes no longer match the SHA-256 on the receipt (the damage is the store's). */
  storedCopyMatchesReceipt: boolean | null;
  /** What the sealed summary read out, when decrypted. */
  readOut: { bidPrice: string; durationDays: number; items: { name: string; value: string }[] } | null;
  /** Another key may be handed over until the opening ends (after a wrong key). */
  mayRetry: boolean;
}

/**
 * The keys at the opening (解密, R18), in the API: the platform opens the stored container with the key a bidder
 * hands over, streaming, and records what the sealed summary reads out.
 */
@Injectable()
export class BidKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly change: ChangeService,
    private readonly clock: ClockService,
    private readonly documents: DocumentsService,
    private readonly opening: BidOpeningService,
  ) {}

  /**
   * A bidder hands over its key (R18): the platform opens the stored container streaming, verifies every
   * chunk and reads the sealed summary. A wrong key marks the bid decryption_failed (another key may follow
   * until the opening ends); a container that does not verify with the right key is damaged for good.
   */
  async handOverKey(actor: Actor, sectionId: string, keyText: string): Promise<KeyHandoverResult> {
    if (actor.role !== 'bidder' || !actor.organisationId) throw Errors.forbidden();
    const receivedAt = this.clock.now();
    const opening = await this.opening.openingInProgress(sectionId, receivedAt);
    const bid = await this.dataSource.manager.findOne(Bid, {
      where: { sectionId, bidderOrgId: actor.organisationId, status: In(['received', 'decryption_failed', 'decrypted']) },
    });
    if (!bid) throw BidErrors.noBidInOpening();
    if (bid.status === 'decrypted') throw BidErrors.alreadyDecrypted();
    if (bid.decryptionFinal) throw BidErrors.decryptionFinal();
    let key: Uint8Array;
    try {
      key = parseKeyText(keyText);
    } catch (error) {
      if (isSealingError(error)) throw BidErrors.invalidKey(error.message);
      throw error;
    }

    const outcome = await this.decrypt(bid, key);
    return this.change.run(actor, async (ctx) => {
      const locked = await ctx.manager.findOne(BidOpening, { where: { sectionId }, lock: { mode: 'pessimistic_write' } });
      if (!locked || locked.status !== 'decrypting') throw BidErrors.openingNotInProgress(locked?.status ?? 'none');
      if (receivedAt.getTime() >= opening.decryptionWindowEnd!.getTime()) throw BidErrors.windowEnded(opening.decryptionWindowEnd!);
      const current = await ctx.manager.findOneOrFail(Bid, { where: { id: bid.id } });
      if (current.status === 'decrypted') throw BidErrors.alreadyDecrypted();
      if (current.decryptionFinal) throw BidErrors.decryptionFinal();
      const patch: Partial<Bid> = { decryptionAttempts: current.decryptionAttempts + 1 };
      if (outcome.ok) {
        Object.assign(patch, {
          status: 'decrypted',
          decryptionError: null,
          decryptionFinal: false,
          decryptedAt: ctx.at,
          openingKey: Buffer.from(key).toString('hex'),
          bidPrice: outcome.summary.price,
          durationDays: outcome.summary.durationDays,
          readOutItems: outcome.summary.items,
          fileName: outcome.fileName ?? null,
          plaintextSize: outcome.plaintextSize,
          plaintextSha256: outcome.plaintextSha256,
        } satisfies Partial<Bid>);
      } else {
        Object.assign(patch, {
          status: 'decryption_failed',
          decryptionError: outcome.error,
          decryptionFinal: outcome.final,
          // the right key is kept with the damaged ciphertext, for whoever examines it; a wrong key is not
          ...(outcome.error !== 'WRONG_KEY' ? { openingKey: Buffer.from(key).toString('hex') } : {}),
        } satisfies Partial<Bid>);
      }
      const { status: to, ...rest } = patch as Partial<Bid> & { status: 'decrypted' | 'decryption_failed' };
      await moveBids(ctx.manager, { id: bid.id }, current.status, to, rest);
      await ctx.audit({
        action: outcome.ok ? 'bid.decrypt' : 'bid.decrypt_failed',
        entityType: 'bid',
        entityId: bid.id,
        data: outcome.ok
          ? { receiptNumber: bid.receiptNumber, plaintextSha256: outcome.plaintextSha256 }
          : { receiptNumber: bid.receiptNumber, error: outcome.error, storedCopyMatchesReceipt: outcome.storedCopyMatchesReceipt },
      });
      await this.opening.closeIfSettled(ctx, sectionId, locked);
      return {
        bidId: bid.id,
        receiptNumber: bid.receiptNumber,
        status: outcome.ok ? 'decrypted' : 'decryption_failed',
        error: outcome.ok ? null : outcome.error,
        storedCopyMatchesReceipt: outcome.ok ? true : outcome.storedCopyMatchesReceipt,
        readOut: outcome.ok ? { bidPrice: formatPrice(outcome.summary.price), durationDays: outcome.summary.durationDays, items: outcome.summary.items } : null,
        mayRetry: !outcome.ok && !outcome.final,
      };
    });
  }

  private async decrypt(bid: Bid, key: Uint8Array) {
    const document = await this.documents.findById(bid.documentId);
    const source = await this.documents.open(document);
    try {
      const opened = await openContainer(source, key);
      const hash = createHash('sha256');
      let size = 0;
      await pipeline(
        opened.plaintext,
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            hash.update(chunk);
            size += chunk.length;
            callback();
          },
        }),
      );
      const result = await opened.result;
      if (result.plaintextSize !== size || result.plaintextSha256 !== hash.digest('hex')) throw new Error('the opened plaintext differs from what the opener verified');
      return {
        ok: true as const,
        summary: opened.summary,
        fileName: opened.fileName,
        plaintextSize: result.plaintextSize,
        plaintextSha256: result.plaintextSha256,
      };
    } catch (error) {
      source.destroy();
      if (!isSealingError(error)) throw error;
      const { error: code, final } = classifyDecryptionFailure(error.code);
      const storedCopyMatchesReceipt = code === 'WRONG_KEY' ? null : (await this.storedSha256(bid)) === bid.sha256;
      return { ok: false as const, error: code, final, storedCopyMatchesReceipt };
    }
  }

  /** The SHA-256 of the stored ciphertext as it is now (to tell the store's damage from the bidder's). */
  private async storedSha256(bid: Bid): Promise<string> {
    const document = await this.documents.findById(bid.documentId);
    const hash = createHash('sha256');
    for await (const chunk of await this.documents.open(document)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

}

/** '1234567.8' → '1234567.80' (the summary's price has at most two decimals). */
export function formatPrice(price: string): string {
  const [whole, fraction = ''] = price.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

