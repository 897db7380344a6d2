// A word-level diff between what a draft said and what the handler accepted, for the
// reviewer's comparison on the case page. Pure: no DOM, no messages. Words are runs of
// non-space characters; the spaces between them belong to the run they follow, so joining
// every part's text of one side gives that side back exactly.

export type DiffPart = { op: 'same' | 'ins' | 'del'; text: string };

/** "a  b\nc" → ["a  ", "b\n", "c"] (leading whitespace is its own token). */
export function words(text: string): string[] {
	return text.match(/\s+|\S+\s*/g) ?? [];
}

/** Longest-common-subsequence diff of two texts by word; consecutive parts of the same kind are merged. */
export function wordDiff(before: string, after: string): DiffPart[] {
	const a = words(before);
	const b = words(after);
	// Compare words without their trailing spaces, so "end." and "end.\n" are the same word.
	const ka = a.map((w) => w.trimEnd());
	const kb = b.map((w) => w.trimEnd());
	// Trim the common start and end first: reports differ in a few places.
	let start = 0;
	while (start < ka.length && start < kb.length && ka[start] === kb[start]) start++;
	let endA = ka.length;
	let endB = kb.length;
	while (endA > start && endB > start && ka[endA - 1] === kb[endB - 1]) { endA--; endB--; }
	const n = endA - start;
	const mm = endB - start;
	// lcs[i][j]: the LCS length of a[start+i..endA) and b[start+j..endB).
	const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(mm + 1));
	for (let i = n - 1; i >= 0; i--) {
		for (let j = mm - 1; j >= 0; j--) {
			lcs[i]![j] = ka[start + i] === kb[start + j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
		}
	}
	const parts: DiffPart[] = [];
	const push = (op: DiffPart['op'], text: string) => {
		const last = parts[parts.length - 1];
		if (last && last.op === op) last.text += text;
		else parts.push({ op, text });
	};
	for (let k = 0; k < start; k++) push('same', b[k]!);
	let i = 0;
	let j = 0;
	while (i < n || j < mm) {
		if (i < n && j < mm && ka[start + i] === kb[start + j]) { push('same', b[start + j]!); i++; j++; }
		else if (j < mm && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) { push('ins', b[start + j]!); j++; }
		else { push('del', a[start + i]!); i++; }
	}
	for (let k = endB; k < b.length; k++) push('same', b[k]!);
	return parts;
}

/** Whether the accepted text differs from the draft at all (in words, not spacing). */
export const changed = (parts: DiffPart[]): boolean => parts.some((p) => p.op !== 'same');
