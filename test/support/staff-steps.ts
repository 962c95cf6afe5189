import { Locator, Page } from 'playwright-core';
import { pdfBytes } from './announcements-fixture';

/**
 * The staff's award-console steps the browser walks repeat (test/web-tender-walk, test/web-staff-award): each does
 * what a person does and waits for what the page says it did, so a walk reads as its story and every assertion
 * stays where it was. Logging in is `loginThroughPage` (test/support/browser.ts).
 */

/**
 * Types a date and time into a staff form's date-and-time field (components/BeijingDateTimeInput.vue, Element Plus's
 * date picker) as a person does: the text '2027-01-05 09:00' (Beijing time) into the field named `label`, then Enter
 * (or Tab, leaving the field: `leaveWith`); '' empties the field the same way.
 * Waits until the picker has closed and the field shows the text from its value (the typed text is dropped when
 * the picker cannot read it), so the form holds exactly this time when the test goes on.
 */
export async function fillBeijingDateTime(scope: Page | Locator, label: string | RegExp, value: string, leaveWith: 'Enter' | 'Tab' = 'Enter'): Promise<void> {
  if (value && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(value)) throw new Error(`fillBeijingDateTime: '${value}' is not 'YYYY-MM-DD HH:mm' (nor '' to empty the field)`);
  const input = scope.getByLabel(label);
  const page = 'page' in scope ? scope.page() : scope;
  const popup = page.locator('.el-picker__popper').filter({ visible: true });
  const before = await input.inputValue();
  await input.fill(value);
  // typing opens the picker's popup: wait for it, so that Enter or Tab closes it rather than racing its opening
  if (before !== value) await popup.first().waitFor();
  await input.press(leaveWith);
  await popup.first().waitFor({ state: 'detached' }); // closed, its zoom-out transition over
  await page.waitForFunction(
    ([el, v]) => (el as HTMLInputElement).value === v,
    [await input.elementHandle(), value] as const,
  );
}

/** From the opening record's link: the award console with the evaluation form, its report and its committee. */
export async function startEvaluation(page: Page, committee = '张明（主任委员）\n李华\n王芳\n赵军\n钱伟'): Promise<void> {
  await page.getByRole('link', { name: /录入评标结果/ }).click();
  await page.getByRole('heading', { level: 1, name: '评标与定标' }).waitFor();
  await page.locator('#eval-report').setInputFiles({ name: '评标报告.pdf', mimeType: 'application/pdf', buffer: pdfBytes('评标报告') });
  await page.getByLabel('评标委员会成员（每行一人）').fill(committee);
}

/** One bid's row of the evaluation: a candidate (rank, score and reasons), or without a rank the reason it is not one. */
export async function fillEvaluationRow(page: Page, bidderName: string, row: { rank?: string; score?: string; reasons?: string }): Promise<void> {
  if (row.rank) await page.getByLabel(`${bidderName} 排名`).selectOption(row.rank);
  if (row.score) await page.getByLabel(`${bidderName} 得分`).fill(row.score);
  if (row.reasons) await page.getByLabel(`${bidderName} 理由`).fill(row.reasons);
}

/** Saves the evaluation and waits until the result shows the first-ranked candidate. */
export async function saveEvaluation(page: Page, firstName: string): Promise<void> {
  await page.getByRole('button', { name: '保存评标结果' }).click();
  await page.locator('text=评标结果已保存。').waitFor();
  await page.locator('tr', { hasText: firstName }).locator('text=第 1 名').first().waitFor();
}

/** Publishes the candidate publicity ending at `end` ('2027-01-04 17:00', Beijing time) and waits for the period it shows. */
export async function publishPublicity(page: Page, end: string, shownPeriod: RegExp): Promise<void> {
  await fillBeijingDateTime(page, /公示结束时间/, end);
  await page.getByRole('button', { name: '发布中标候选人公示' }).click();
  await page.locator('text=中标候选人公示已发布。').waitFor();
  await page.locator(`text=${shownPeriod}`).waitFor();
}

/** Confirms the first-ranked candidate and publishes the result with its notices. */
export async function decideAndPublishResult(page: Page): Promise<void> {
  await page.getByRole('button', { name: '确定中标人' }).click();
  await page.locator('text=中标人已确定。').waitFor();
  await page.getByRole('button', { name: '公告中标结果并发出通知书' }).click();
  await page.locator('text=中标结果已公告，中标通知书和结果通知书已发出。').waitFor();
}

/** Fills the contract form (the amount's capitals waited for when given) and submits it; the caller waits for the outcome. */
export async function submitContract(page: Page, c: { signedAt: string; amount: string; capitals?: string }): Promise<void> {
  await fillBeijingDateTime(page, '签订时间（北京时间）', c.signedAt);
  await page.getByLabel('合同金额（元）').fill(c.amount);
  if (c.capitals) await page.locator(`text=大写：${c.capitals}`).waitFor();
  await page.getByLabel('已签订的合同（PDF）').setInputFiles({ name: '施工合同.pdf', mimeType: 'application/pdf', buffer: pdfBytes('施工合同') });
  await page.getByRole('button', { name: '登记合同' }).click();
}
