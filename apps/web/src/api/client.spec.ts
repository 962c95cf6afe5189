/// <reference types="jest" />
import { ApiProblem, errorText, messageOf } from './client';

describe('the message a page shows for what was thrown', () => {
  it('says in Chinese that the platform could not be reached, whichever browser words it', () => {
    for (const words of ['Failed to fetch', 'NetworkError when attempting to fetch resource.', 'Load failed']) {
      expect(messageOf(new TypeError(words))).toBe('无法连接平台，请检查网络后重试');
    }
  });

  it("keeps the API's Chinese message and any other error's own words", () => {
    expect(messageOf(new ApiProblem(409, 'CONFLICT', '已有同名文件', []))).toBe('已有同名文件');
    expect(errorText(new Error('网络错误'))).toBe('网络错误');
    expect(errorText(new TypeError('x is not a function'))).toBe('x is not a function');
  });
});
