import { clean } from "./clean.js";

/**
 * A short page with something for every rule: a running head and page number, jump markers,
 * paragraphs cut by a page break in Chinese and English (one hyphenated), exact and near-repeated
 * paragraphs, a duplicated block, a list, Markdown, HTML residue and GBK mojibake.
 */
const REPEATED_BLOCK = ["二、交通建设", "", "据介绍，今年全市将新建改建农村公路三百公里，实施危桥改造四十座。", "", "同时，加快推进城乡客运一体化，让群众出行更方便。", ""];

export const WARM_UP_PAGE = [
  "人民日报　2024年3月5日　第三版",
  "",
  "## 一、政府工作回顾",
  "",
  "（上接第一版）过去一年，我们坚持稳中求进工作总基调，经济总量突破一百二十六万亿元，",
  "增长5.2%，城镇新增就业1244万人。",
  "",
  "— 3 —",
  "",
  "人民日报　2024年3月5日　第三版",
  "",
  "完整准确全面贯彻新发展理念，加快构建新发展格局。&nbsp;<br>",
  "1. 扎实推进高质量发展；",
  "2. 着力扩大国内需求。",
  "完整准确全面贯彻新发展理念，加快构建新发展格局。",
  "",
  "会议强调，要坚持以人民为中心的发展思想，着力解决群众急难愁盼问题，持续增进民生福祉，推动共同富裕取得更为明显的实质性进展。",
  "",
  "会议强调，要坚持以人民为中心的发展思想，着力解决群众急难愁盼问题，持续增进民生福社，推动共同富裕取得更为明显的实质性进展。",
  "浣犲ソ锛屼笘鐣岋紒（转下第四版）",
  "",
  "THE EVENING HERALD                                   PAGE 2",
  "The council met on Tuesday to consider the pro-",
  "posal for a new bridge across the river, which",
  "was approved by a vote of seven to two.",
  "",
  "(Continued on Page 4)",
  "",
  "The mayor said the new bridge would open to traffic in the spring of next year, weather permitting.",
  "",
  "The mayor said the new bridge would open to trafic in the spring of next year, weather permitting.",
  "",
  // A block printed twice (R4 takes its title with it).
  ...REPEATED_BLOCK,
  ...REPEATED_BLOCK,
].join("\n");

/**
 * Cleans the sample page, printed 16 times over (about 30 KB), so that a fresh process's first
 * document does not pay for what only first calls pay: V8 compiling the rules' regular
 * expressions and the engine's code, and optimising its per-character loops (which a short page,
 * even cleaned three times, left at 3x a warm call; this length leaves about 1.6x). The Lambda
 * handler calls it while its instance starts (`cleanHandlerFromEnvironment`): with provisioned
 * concurrency that cost is paid before any document arrives; on demand it is paid in the init
 * phase instead of the first call (npm run bench:lambda shows both).
 */
export function warmUp(): void {
  clean(WARM_UP_PAGE.repeat(16));
}
