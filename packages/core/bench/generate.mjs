// Deterministic generator of damaged newspaper text for the benchmark: hard-wrapped
// Chinese and English articles with jump markers, page furniture, exact and noisy
// repeated paragraphs and repeated blocks, so that every pass has real work.

/** mulberry32: a small seeded PRNG, so every run measures the same bytes. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateDocument(targetBytes, seed = 1) {
  const rand = prng(seed);
  const pick = (arr) => arr[Math.floor(rand() * rand() * arr.length)]; // Zipf-like: common words recur
  const han = (n) => Array.from({ length: n }, () => String.fromCharCode(0x4e00 + Math.floor(rand() * 3000))).join("");
  const cnWords = Array.from({ length: 4000 }, () => han(2 + Math.floor(rand() * 3)));
  const latin = (n) => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(rand() * 26))).join("");
  const enWords = Array.from({ length: 4000 }, () => latin(2 + Math.floor(rand() * 8)));

  const cnSentence = () => Array.from({ length: 3 + Math.floor(rand() * 6) }, () => pick(cnWords)).join("") + (rand() < 0.7 ? "，" : "。");
  const cnParagraph = () => {
    let p = "";
    while (p.length < 60 + rand() * 200) p += cnSentence();
    return p.replace(/，$/u, "。");
  };
  const enSentence = () => {
    const words = Array.from({ length: 6 + Math.floor(rand() * 14) }, () => pick(enWords));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return words.join(" ") + ".";
  };
  const enParagraph = () => Array.from({ length: 2 + Math.floor(rand() * 4) }, enSentence).join(" ");

  /** Cuts a paragraph into printed lines of a column, hyphenating English words at the edge. */
  // The first line's two-character indent sits inside the column, as typeset.
  const wrapCn = (p, width) => {
    const lines = [`\u3000\u3000${p.slice(0, width - 2)}`];
    for (let i = width - 2; i < p.length; i += width) lines.push(p.slice(i, i + width));
    return lines;
  };
  const wrapEn = (p, width) => {
    const lines = [];
    let line = "";
    for (const word of p.split(" ")) {
      if (line.length + word.length + 1 > width) {
        if (word.length > 6 && rand() < 0.3) {
          const cut = 3 + Math.floor(rand() * (word.length - 5));
          lines.push(`${line} ${word.slice(0, cut)}-`.trim());
          line = word.slice(cut);
          continue;
        }
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
    lines[0] = `    ${lines[0]}`;
    return lines;
  };
  const noisy = (p) => p.replace(/[，,]/gu, (m) => (rand() < 0.5 ? (m === "，" ? "," : "，") : m)).replace(/l/gu, () => (rand() < 0.2 ? "1" : "l"));

  const out = [];
  let bytes = 0;
  const recent = []; // paragraphs to repeat later
  let page = 1;
  const push = (line) => {
    out.push(line);
    bytes += Buffer.byteLength(line) + 1;
  };
  while (bytes < targetBytes) {
    const chinese = rand() < 0.7;
    if (rand() < 0.15) {
      push(chinese ? `第${page}版\u3000\u3000\u30002021年3月${1 + (page % 28)}日\u3000星期五` : `THE EVENING HERALD, TUESDAY, MARCH 8, 1921.      PAGE ${page}`);
      push(chinese ? "责任编辑：王敏\u3000\u3000美编：李强" : `- ${page} -`);
      page++;
    }
    push(chinese ? han(8 + Math.floor(rand() * 8)) : latin(6).toUpperCase() + " " + latin(5).toUpperCase() + " " + latin(7).toUpperCase());
    if (rand() < 0.3) push(chinese ? "（上接第1版）" : "(Continued from Page 1)");
    const paragraphs = 2 + Math.floor(rand() * 6);
    for (let i = 0; i < paragraphs; i++) {
      const r = rand();
      let p;
      if (r < 0.05 && recent.length > 0) p = pick(recent); // exact repeat
      else if (r < 0.1 && recent.length > 0) p = noisy(pick(recent)); // noisy repeat
      else {
        p = chinese ? cnParagraph() : enParagraph();
        recent.push(p);
        if (recent.length > 200) recent.shift();
      }
      const lines = /[\u4e00-\u9fff]/u.test(p) ? wrapCn(p, 20) : wrapEn(p, 60);
      for (const line of lines) push(line);
      if (rand() < 0.05) push("■■■■■■■■");
    }
    if (rand() < 0.2) push(chinese ? "（下转第2版）" : "(Continued on Page 7)");
    if (rand() < 0.03 && out.length > 40) {
      // A repeated block of printed lines, as when a layout prints a column twice.
      const from = out.length - 12;
      for (const line of out.slice(from, from + 8)) push(line);
    }
    push("");
  }
  return Buffer.from(out.join("\n"), "utf8");
}
