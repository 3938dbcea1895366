/**
 * What the API sends, typed. Every object the SDK returns keeps the wire's own field names (`session_id`,
 * `deployment_url`) and also answers to their camelCase names (`sessionId`, `deploymentUrl`). The camelCase
 * names are non-enumerable getters, so `JSON.stringify` and spreading give exactly what the server sent.
 */

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** A wire object plus read-only camelCase aliases of its snake_case fields. */
export type WithCamelCase<T> = T & { readonly [K in keyof T as K extends string ? CamelCase<K> : never]: T[K] };

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

export function withCamelCase<T extends object>(wire: T): WithCamelCase<T> {
  for (const key of Object.keys(wire)) {
    const alias = camel(key);
    if (alias !== key && !(alias in wire)) {
      Object.defineProperty(wire, alias, { get: () => (wire as Record<string, unknown>)[key], enumerable: false });
    }
  }
  return wire as WithCamelCase<T>;
}

export type BuildStatus =
  | 'initializing'
  | 'analyzing'
  | 'generating_spec'
  | 'awaiting_review'
  | 'building'
  | 'optimizing'
  | 'deploying'
  | 'completed'
  | 'failed'
  | 'cancelled';

/** The contract's build `config` plus the server's own options; unknown keys are refused by the server. */
export interface BuildConfig {
  useAdaptiveThinking?: boolean;
  enableVideoDemo?: boolean;
  deployToCloudRun?: boolean;
  techStack?: { frontend?: string; backend?: string; database?: string };
  styling?: string;
  authentication?: string;
  [option: string]: unknown;
}

export interface BuildStartedWire {
  session_id: string;
  status: string;
  message: string;
  websocket_url: string;
  estimated_duration: string;
  [field: string]: unknown;
}

export interface BuildResultWire {
  specification: Record<string, unknown>;
  mockups: Record<string, string>;
  demo_video: string | null;
  code_files: Record<string, string>;
  deployment_url: string | null;
  build_time: string;
  orchestrator: string;
  models_used: string[];
  [field: string]: unknown;
}

export interface BuildDetailsWire {
  session_id: string;
  status: BuildStatus;
  started_at: string | null;
  completed_at: string | null;
  progress: number;
  current_phase: string | null;
  result?: BuildResultWire | null;
  error?: Record<string, unknown> | null;
  [field: string]: unknown;
}

export interface BuildSummaryWire {
  session_id: string;
  prompt: string;
  status: BuildStatus;
  started_at: string | null;
  completed_at?: string | null;
  app_name?: string | null;
  deployment_url?: string | null;
  progress?: number;
  current_phase?: string | null;
  [field: string]: unknown;
}

export interface CancelledWire {
  message: string;
  status: string;
  [field: string]: unknown;
}

export interface DeploymentWire {
  deployment_id: string;
  status: string;
  deployment_url: string | null;
  message: string;
  [field: string]: unknown;
}

export interface TemplateWire {
  id: string;
  name: string;
  description: string;
  category: string;
  example_prompt: string;
  preview_image: string;
  estimated_build_time: string;
  features: string[];
  [field: string]: unknown;
}

export interface ApiKeyWire {
  id: string;
  name: string;
  /** The full `pk_live_...` key in the answer to `keys.create` only; masked everywhere else. */
  key: string;
  created_at: string;
  last_used: string | null;
  permissions: string[];
  rate_limit: number;
  [field: string]: unknown;
}

export interface RevokedWire {
  message: string;
  status: string;
  [field: string]: unknown;
}

export interface ModelWire {
  name: string;
  type: string;
  status: string;
  version: string;
  [field: string]: unknown;
}

export interface ModelsWire {
  models: ModelWire[];
  [field: string]: unknown;
}

/** One file a version added, changed or removed (path relative to the app folder). */
export interface FileChangeWire {
  path: string;
  change: 'added' | 'modified' | 'deleted';
}

/** One version of a build's app: a git commit in its folder, tagged `v<number>` (beyond the contract). */
export interface VersionWire {
  number: number;
  tag: string;
  /** The request that made this version. */
  message: string;
  created_at: string;
  commit: string;
  files_changed: FileChangeWire[];
  [field: string]: unknown;
}

/** What changed between two versions; `from_version` null means the empty folder before v1. */
export interface VersionDiffWire {
  from_version: number | null;
  to_version: number;
  files: FileChangeWire[];
  /** The unified diff text; binary files are named, not printed. */
  unified: string;
  [field: string]: unknown;
}

export type Build = WithCamelCase<BuildStartedWire>;
/** A started revision (`builds.revise`): `lastSeq` is the `last_seq` of its `websocket_url`, the build's last event
 * before the revision; `subscribe(sessionId, { lastSeq })` delivers the revision's events only. */
export type RevisionStarted = Build & { lastSeq: number };
export type BuildDetails = WithCamelCase<BuildDetailsWire>;
export type BuildSummary = WithCamelCase<BuildSummaryWire>;
export type Cancelled = WithCamelCase<CancelledWire>;
export type Deployment = WithCamelCase<DeploymentWire>;
export type Template = WithCamelCase<TemplateWire>;
export type ApiKey = WithCamelCase<ApiKeyWire>;
export type Revoked = WithCamelCase<RevokedWire>;
export type Model = WithCamelCase<ModelWire>;
/** The answer to a review: the plan as it now is. */
export interface ReviewAnsweredWire {
  session_id: string;
  action: 'edit' | 'approve' | 'reject';
  spec: Record<string, unknown>;
  [field: string]: unknown;
}

export type ReviewAnswered = WithCamelCase<ReviewAnsweredWire>;
export type Version = WithCamelCase<VersionWire>;
export type VersionDiff = WithCamelCase<VersionDiffWire>;

/** Fields every build event has (the `connected` greeting has no `seq`). */
interface EventBase {
  session_id: string;
  timestamp: string;
  seq?: number;
  progress?: number;
  [field: string]: unknown;
}

export interface ConnectedEvent extends EventBase {
  type: 'connected';
  message: string;
}

export interface ProgressUpdateEvent extends EventBase {
  type: 'progress_update';
  phase: string;
  progress: number;
  message: string;
  model: string;
}

export interface PhaseCompletedEvent extends EventBase {
  type: 'phase_completed';
  phase: string;
  message: string;
  results: Record<string, unknown>;
  next_phase: string | null;
}

/** Beyond the contract: the plan of a build started with `reviewSpec` waits for review (approve, edit or reject). */
export interface SpecReadyEvent extends EventBase {
  type: 'spec_ready';
  phase: 'awaiting_review';
  message: string;
  spec: Record<string, unknown>;
}

export interface BuildCompletedEvent extends EventBase {
  type: 'build_completed';
  deployment_url: string | null;
  total_time: string;
  summary: Record<string, unknown>;
}

export interface ErrorEvent extends EventBase {
  type: 'error';
  phase: string;
  error_code: string;
  message: string;
  retry_possible: boolean;
}

export type BuildEventWire =
  | ConnectedEvent
  | ProgressUpdateEvent
  | PhaseCompletedEvent
  | SpecReadyEvent
  | BuildCompletedEvent
  | ErrorEvent;
