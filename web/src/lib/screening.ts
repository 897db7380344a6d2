// Shapes of the screening API (POST /api/v1/screening/search, GET /api/v1/lists)
// as the web app reads them, and the list ages the pages show.

export type ScreeningSchema = 'Person' | 'Company';

export interface ScreeningHit {
	entityId: string;
	list: string;
	name: string;
	primaryName: string;
	score: number;
	match: boolean;
	explanation: Record<string, unknown>;
	demo?: boolean;
}

/** Ongoing monitoring of a list version: active parties re-screened against its changes. */
export interface MonitoringRun {
	status: 'running' | 'completed';
	entities: number;
	/** Platform staff only (null for an organisation's users: the run counts every organisation's parties). */
	partiesTotal: number | null;
	partiesDone: number | null;
	startedAt: string;
	finishedAt: string | null;
}

export interface ListVersion {
	list: string;
	version: number;
	versionId: string;
	format: string;
	source: string;
	publishedAt: string | null;
	importedAt: string;
	entityCount: number;
	added: number;
	changed: number;
	removed: number;
	ageDays: number;
	stale: boolean;
	monitoring: MonitoringRun | null;
}

/** GET /api/v1/screening/monitoring-hits */
export interface MonitoringHitsBody {
	openHits: number;
	cases: { id: string; openHits: number }[];
}

export interface ListsBody {
	items: ListVersion[];
	nextCursor: null;
	maxAgeDays: number;
}

/** Score as a percentage for people: 0.934 → "93 %". */
export function scorePercent(score: number): string {
	return `${Math.round(score * 100)} %`;
}

export const EXPLANATION_FEATURES = ['name', 'birthDate', 'country', 'gender', 'identifier', 'legalForm', 'nameType'] as const;
export type ExplanationFeature = (typeof EXPLANATION_FEATURES)[number];

/** The explanation's features in a fixed order, each with the scorer's text (unknown shapes skipped). */
export function explanationLines(explanation: Record<string, unknown>): Array<{ feature: ExplanationFeature; text: string }> {
	const lines: Array<{ feature: ExplanationFeature; text: string }> = [];
	for (const feature of EXPLANATION_FEATURES) {
		const value = explanation[feature];
		if (value && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') {
			lines.push({ feature, text: (value as { text: string }).text });
		}
	}
	return lines;
}
