import { formatShanghai } from '@app/core';

/** An Atom 1.0 feed (RFC 4287) of notices, built as text: small, and no XML library needed. */

export interface AtomEntry {
  id: string;
  title: string;
  link: string;
  published: Date;
  updated: Date;
  category: { term: string; label: string };
  summary: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  selfLink: string;
  alternateLink: string;
  author: string;
  updated: Date;
  entries: AtomEntry[];
}

/** XML text and attribute escaping; characters XML 1.0 cannot carry at all are dropped. */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The first `max` characters of a text, white space collapsed, for an entry's summary. */
export function summaryOf(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= max ? flat : `${chars.slice(0, max).join('')}…`;
}

export function renderAtom(feed: AtomFeed): string {
  const e = xmlEscape;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  <id>${e(feed.id)}</id>`,
    `  <title>${e(feed.title)}</title>`,
    `  <updated>${formatShanghai(feed.updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${e(feed.selfLink)}"/>`,
    `  <link rel="alternate" type="application/json" href="${e(feed.alternateLink)}"/>`,
    `  <author><name>${e(feed.author)}</name></author>`,
  ];
  for (const entry of feed.entries) {
    lines.push(
      '  <entry>',
      `    <id>${e(entry.id)}</id>`,
      `    <title>${e(entry.title)}</title>`,
      `    <link rel="alternate" href="${e(entry.link)}"/>`,
      `    <published>${formatShanghai(entry.published)}</published>`,
      `    <updated>${formatShanghai(entry.updated)}</updated>`,
      `    <category term="${e(entry.category.term)}" label="${e(entry.category.label)}"/>`,
      `    <summary type="text">${e(entry.summary)}</summary>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
