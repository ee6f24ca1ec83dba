/**
 * How many terminal columns text takes, so CLI tables line up with CJK and emoji role names (`.length` counts UTF-16
 * code units: "名前" is 2 of them but 4 columns, "🔧" is 2 code units and 2 columns, "é" written as e + U+0301 is 2
 * code units and 1 column).
 *
 * Per grapheme cluster (Intl.Segmenter): 0 for one made only of marks, controls or default-ignorable code points; 2
 * for an emoji shown as emoji (Emoji_Presentation, or any pictograph with U+FE0F) or an East Asian Wide or Fullwidth
 * character (the ranges of Unicode's EastAsianWidth.txt that matter for text: Hangul Jamo, CJK, kana, Hangul
 * syllables, compatibility ideographs, fullwidth forms, the supplementary ideographic planes); 1 otherwise.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const ZERO_WIDTH = /^[\p{Mark}\p{Control}\p{Default_Ignorable_Code_Point}]+$/u;
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F/u;
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}]/u;

function clusterWidth(cluster: string): number {
  if (ZERO_WIDTH.test(cluster)) {
    return 0;
  }
  return EMOJI.test(cluster) || WIDE.test(cluster) ? 2 : 1;
}

/** Columns `text` takes in a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const { segment } of segmenter.segment(text)) {
    width += clusterWidth(segment);
  }
  return width;
}

/** `text` cut to at most `width` columns, ending in "…" when cut; never splits a character or a cluster. */
export function fitWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) {
    return text;
  }
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = clusterWidth(segment);
    if (used + w > width - 1) {
      break;
    }
    out += segment;
    used += w;
  }
  return `${out}…`;
}

/** `text` padded with spaces to `width` columns. */
export function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
