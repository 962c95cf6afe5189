import type { DatasetCode } from '@app/exchange';
import type { FaultSettings } from './fault-injector';
import type { StoredRecord } from './record-store';
import { formatShanghai } from './shanghai-time';

/** Chinese names of the data sets, as people at the trading centre call them. */
export const DATASET_LABELS: Record<DatasetCode, string> = {
  GCJS_TENDER_PROJECT: '招标项目',
  GCJS_NOTICE: '招标公告',
  GCJS_TENDER_LIST: '投标文件递交清单',
  GCJS_OPENING_RECORD: '开标记录',
  GCJS_WIN_CANDIDATE: '中标候选人公示',
  GCJS_RESULT_NOTICE: '中标结果公告',
  GCJS_COMPLAINT: '异议与投诉',
};

const escape = (text: unknown) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export interface HomePageModel {
  records: StoredRecord[];
  nextCursor: string | null;
  counts: Record<string, number>;
  faults: Readonly<FaultSettings>;
  engine: string;
  filter: { datasetCode?: string; tenderProjectCode?: string };
}

function activeFaults(f: Readonly<FaultSettings>): string {
  const parts: string[] = [];
  if (f.paused) parts.push('暂停服务');
  if (f.errorRate > 0) parts.push(`错误率 ${f.errorRate}`);
  if (f.throttleRate > 0) parts.push(`限流率 ${f.throttleRate}（Retry-After ${f.retryAfterSeconds} 秒）`);
  if (f.latencyMs > 0) parts.push(`延迟 ${f.latencyMs} 毫秒`);
  if (f.timeoutRate > 0) parts.push(`超时率 ${f.timeoutRate}`);
  if (f.rejectDatasets.length > 0) parts.push(`拒收 ${f.rejectDatasets.join('、')}`);
  if (f.rejectSerials.length > 0) parts.push(`拒收流水号 ${f.rejectSerials.length} 个`);
  if (f.errorNext + f.throttleNext + f.timeoutNext > 0) parts.push('待触发的故障');
  return parts.length > 0 ? parts.join('；') : '无';
}

/** GET /: what has arrived, newest first, for a person watching the demonstration. */
export function renderHomePage(m: HomePageModel): string {
  const query = (extra: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...m.filter, ...extra })) if (v) params.set(k, v);
    const text = params.toString();
    return text ? `?${text}` : '';
  };
  const total = Object.values(m.counts).reduce((a, b) => a + b, 0);
  const countRows = (Object.keys(DATASET_LABELS) as DatasetCode[])
    .map(
      (code) =>
        `<tr><td><a href="/${query({ datasetCode: code, cursor: undefined })}">${escape(DATASET_LABELS[code])}</a></td><td><code>${code}</code></td><td class="n">${m.counts[code] ?? 0}</td></tr>`,
    )
    .join('');
  const rows = m.records
    .map((r) => {
      const label = DATASET_LABELS[r.datasetCode as DatasetCode] ?? r.datasetCode;
      return `<tr>
  <td>${escape(formatShanghai(r.receiveTime).replace('T', ' ').slice(0, 23))}</td>
  <td title="${escape(r.datasetCode)}">${escape(label)}</td>
  <td><a href="/${query({ tenderProjectCode: r.tenderProjectCode, datasetCode: undefined, cursor: undefined })}">${escape(r.tenderProjectCode)}</a></td>
  <td class="n">${r.sequence}</td>
  <td><a href="/v1/exchange/records?serialNumber=${encodeURIComponent(r.serialNumber)}"><code>${escape(r.serialNumber)}</code></a></td>
  <td>${escape(formatShanghai(r.dataTimestamp).replace('T', ' ').slice(0, 19))}</td>
</tr>`;
    })
    .join('\n');
  const filterText = [
    m.filter.datasetCode ? `数据集：${escape(DATASET_LABELS[m.filter.datasetCode as DatasetCode] ?? m.filter.datasetCode)}` : '',
    m.filter.tenderProjectCode ? `项目编号：${escape(m.filter.tenderProjectCode)}` : '',
  ]
    .filter(Boolean)
    .join('，');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>省公共资源交易平台（模拟）— 已接收数据</title>
<style>
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; font-size: .9rem; }
th { background: #f3f3f3; }
td.n { text-align: right; }
.note { color: #666; font-size: .85rem; }
</style>
</head>
<body>
<h1>省公共资源交易平台（模拟接收端）</h1>
<p class="note">本页面列出市级平台推送到本接收端的交易数据，供开发、演示和测试使用。存储：${escape(m.engine === 'postgres' ? 'PostgreSQL' : '内嵌 PGlite')}；当前故障设置：${escape(activeFaults(m.faults))}。</p>
<h2>按数据集统计（共 ${total} 条）</h2>
<table><thead><tr><th>数据集</th><th>代码</th><th>条数</th></tr></thead><tbody>${countRows}</tbody></table>
<h2>已接收数据${filterText ? `（${filterText}，<a href="/">全部</a>）` : ''}</h2>
${
  m.records.length === 0
    ? '<p>暂无数据。</p>'
    : `<table>
<thead><tr><th>接收时间</th><th>数据集</th><th>项目编号</th><th>序号</th><th>流水号</th><th>数据时间</th></tr></thead>
<tbody>
${rows}
</tbody></table>`
}
${m.nextCursor ? `<p><a href="/${query({ cursor: m.nextCursor })}">下一页</a></p>` : ''}
</body>
</html>
`;
}
