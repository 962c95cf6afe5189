/// <reference types="jest" />
import { fieldMessageZh, fieldProblems } from './field-errors';

describe('field refusals in Chinese', () => {
  it.each([
    ['text must be longer than or equal to 1 characters', '不能为空'],
    ['title must not be blank', '不能为空'],
    ['password must be longer than or equal to 10 characters', '至少 10 个字符'],
    ['resultSummary must be shorter than or equal to 500 characters', '不能超过 500 个字符'],
    ['organisationId must be a UUID', '请选择'],
    ['something unforeseen', '不符合要求'],
  ])('%s → %s', (en, zh) => expect(fieldMessageZh(en)).toBe(zh));

  it('keys a refusal\'s field messages by field, and has none for anything else', () => {
    expect(fieldProblems({ fieldErrors: [{ field: 'title', message: 'title must not be blank' }] })).toEqual({ title: '不能为空' });
    expect(fieldProblems(new Error('网络错误'))).toEqual({});
    expect(fieldProblems(null)).toEqual({});
  });
});
