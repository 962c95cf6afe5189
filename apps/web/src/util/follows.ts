/** The tenders a bidder follows on this computer (关注的项目): section → its notice, kept in localStorage. */
const KEY = 'etendering.follows';

export interface Follow {
  sectionId: string;
  noticeId: string;
  title: string;
  sectionCode: string;
}

export function follows(): Follow[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as Follow[];
  } catch {
    return [];
  }
}

export function follow(f: Follow): void {
  const list = follows().filter((x) => x.sectionId !== f.sectionId);
  localStorage.setItem(KEY, JSON.stringify([f, ...list].slice(0, 50)));
}

export function unfollow(sectionId: string): void {
  localStorage.setItem(KEY, JSON.stringify(follows().filter((x) => x.sectionId !== sectionId)));
}

export function noticeOfSection(sectionId: string): string | undefined {
  return follows().find((f) => f.sectionId === sectionId)?.noticeId;
}
