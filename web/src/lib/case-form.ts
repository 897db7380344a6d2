// A refused form on the case page: which form it was, its problem keys (never the API's
// English) for the form and by field, what the user typed, and (for the workflow's
// `incomplete` refusal) what blocks the case. The page and its panels read it through
// the helpers of `caseForms`, so every panel shows errors the same way.
import type { FieldProblem, Problem } from '#lib/api-problems.js';
import { fieldProblemText, problemText } from '#lib/api-problem-text.js';
import type { BlockingReason } from '#lib/kyc-case.js';

export interface ActionFailure {
	action: string;
	problem: Problem | null;
	fields: Record<string, FieldProblem>;
	values: Record<string, string>;
	requestId: string | null;
	/** The workflow's `incomplete` refusal: what blocks the case (docs/case-file.md). */
	blockingReasons?: BlockingReason[];
}

export interface CaseForms {
	/** The failure of this form, if the last post was this form's and was refused. */
	failed: (action: string) => ActionFailure | null;
	/** The form's message as a whole (a refusal, a code), in the user's language. */
	formProblem: (action: string) => string | null;
	/** The message for one field of the form. */
	fieldError: (action: string, name: string) => string | null;
	/** What the user typed into a field of the refused form. */
	typed: (action: string, name: string) => string | null;
	/** Everything wrong with a form in one sentence, for panels that show one message. */
	problem: (action: string) => string | null;
}

export function caseForms(failure: ActionFailure | null): CaseForms {
	const failed = (action: string): ActionFailure | null => (failure?.action === action ? failure : null);
	return {
		failed,
		formProblem: (action) => {
			const f = failed(action);
			return f?.problem ? problemText(f.problem) : null;
		},
		fieldError: (action, name) => {
			const p = failed(action)?.fields?.[name];
			return p ? fieldProblemText(p) : null;
		},
		typed: (action, name) => failed(action)?.values?.[name] ?? null,
		problem: (action) => {
			const f = failed(action);
			if (!f) return null;
			const texts = [f.problem ? problemText(f.problem) : null, ...Object.values(f.fields ?? {}).map(fieldProblemText)].filter(Boolean);
			return texts.length ? texts.join(' ') : null;
		}
	};
}
