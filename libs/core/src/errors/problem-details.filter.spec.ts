import { BadRequestException, NotFoundException } from '@nestjs/common';
import { DomainError } from './domain-error';
import { toProblem, ValidationFailed } from './problem-details.filter';

describe('problem+json', () => {
  it('carries a domain error’s stable code, both languages and its details', () => {
    const p = toProblem(new DomainError('BID_DEADLINE_PASSED', 422, '已过投标截止时间', 'The bid deadline has passed', { rule: 'R15' }), 'c1', '/x');
    expect(p).toMatchObject({ status: 422, code: 'BID_DEADLINE_PASSED', message: { zh: '已过投标截止时间', en: 'The bid deadline has passed' }, rule: 'R15', correlationId: 'c1' });
    expect(p.type).toBe('urn:etendering:problem:bid-deadline-passed');
  });

  it('never lets a detail replace the status, code or message', () => {
    const p = toProblem(new DomainError('X_REFUSED', 409, '拒绝', 'Refused', { status: 'dead', code: 'other', message: 'm', rule: 'R1' }), 'c');
    expect(p).toMatchObject({ status: 409, code: 'X_REFUSED', message: { zh: '拒绝', en: 'Refused' }, rule: 'R1' });
  });

  it('hides everything internal in a 500 and keeps the correlation id', () => {
    const err = new Error('connect ECONNREFUSED 10.0.0.5:5432 password=secret');
    const p = toProblem(err, 'corr-9', '/bids');
    expect(p.status).toBe(500);
    expect(p.code).toBe('INTERNAL_ERROR');
    expect(p.correlationId).toBe('corr-9');
    expect(JSON.stringify(p)).not.toMatch(/ECONNREFUSED|secret|10\.0\.0\.5|stack/);
  });

  it('maps Nest’s own errors and field errors', () => {
    expect(toProblem(new NotFoundException(), 'c').code).toBe('NOT_FOUND');
    expect(toProblem(new BadRequestException('Unexpected token'), 'c')).toMatchObject({ code: 'BAD_REQUEST', reason: 'Unexpected token' });
    const v = toProblem(new ValidationFailed([{ field: 'name', messages: ['too long'] }]), 'c');
    expect(v).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'name', messages: ['too long'] }] });
  });
});
