/** A section's state (libs/announcements section-lifecycle) as people read it, on the public site and in the consoles. */
export const SECTION_STATUS: Record<string, string> = {
  published: '招标中',
  opening: '开标中',
  opened: '已开标',
  evaluated: '已评标',
  publicity: '公示中',
  awarded: '已定标',
  contracted: '已签约',
  failed: '流标',
  terminated: '已终止',
  draft: '未发布',
};
