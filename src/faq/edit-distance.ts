// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), the usual shape
// of typing mistakes ("complaitn", "reponse"). Stops early once `max` is exceeded. Rows are
// reused between calls: the corrector compares one word with hundreds of candidates per query.

const MAX_LEN = 64;
let prevPrev = new Int32Array(MAX_LEN + 1);
let prev = new Int32Array(MAX_LEN + 1);
let cur = new Int32Array(MAX_LEN + 1);

export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length > MAX_LEN || b.length > MAX_LEN) return a === b ? 0 : max + 1;
  const cols = b.length + 1;
  for (let j = 0; j < cols; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < cols; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, prevPrev[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const t = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = t;
  }
  return prev[cols - 1];
}
