/** The API's resources: builds, templates, API keys and the model configuration. */

import type { HttpClient } from './http.js';
import type { WebSocketConstructor } from './socket.js';
import { BuildSubscription, type SubscribeOptions } from './subscription.js';
import {
  withCamelCase,
  type ApiKey,
  type ApiKeyWire,
  type Build,
  type BuildConfig,
  type BuildDetails,
  type BuildDetailsWire,
  type BuildStartedWire,
  type BuildStatus,
  type BuildSummary,
  type BuildSummaryWire,
  type Cancelled,
  type CancelledWire,
  type Deployment,
  type DeploymentWire,
  type Model,
  type ModelsWire,
  type Revoked,
  type RevokedWire,
  type Template,
  type ReviewAnswered,
  type ReviewAnsweredWire,
  type TemplateWire,
  type RevisionStarted,
  type Version,
  type VersionDiff,
  type VersionDiffWire,
  type VersionWire,
  type WithCamelCase,
} from './wire.js';

const PREFIX = '/api/nexus-forge';

function id(value: string): string {
  return encodeURIComponent(value);
}

export interface CreateBuildParams {
  prompt: string;
  config?: BuildConfig;
}

export interface FromTemplateParams {
  templateId: string;
  /** The contract's customizations: `app_name`, `color_scheme`, `data_sources`, `features`. */
  customizations?: Record<string, unknown>;
  config?: BuildConfig;
}

export interface ListBuildsParams {
  skip?: number;
  limit?: number;
  status?: BuildStatus;
  search?: string;
}

export interface DeployParams {
  environment?: string;
  domain?: string;
  scaling?: { min_instances?: number; max_instances?: number; cpu?: string; memory?: string };
}

export class Builds {
  constructor(
    private readonly http: HttpClient,
    private readonly WebSocketImpl: WebSocketConstructor | undefined,
  ) {}

  /** Starts a build; it runs on the server. Follow it with `subscribe(build.sessionId)`. */
  async create(params: CreateBuildParams): Promise<Build> {
    const body: Record<string, unknown> = { prompt: params.prompt };
    if (params.config !== undefined) body.config = params.config;
    return withCamelCase(await this.http.request<BuildStartedWire>('POST', `${PREFIX}/build`, { body }));
  }

  /** Starts a build from a template (`templates.list()`), with its customizations applied. */
  async fromTemplate(params: FromTemplateParams): Promise<Build> {
    const body: Record<string, unknown> = { template_id: params.templateId, customizations: params.customizations ?? {} };
    if (params.config !== undefined) body.config = params.config;
    const path = `${PREFIX}/build/from-template`;
    return withCamelCase(await this.http.request<BuildStartedWire>('POST', path, { body }));
  }

  async get(sessionId: string): Promise<BuildDetails> {
    return withCamelCase(await this.http.request<BuildDetailsWire>('GET', `${PREFIX}/build/${id(sessionId)}`));
  }

  /** The caller's builds, newest first. */
  async list(params: ListBuildsParams = {}): Promise<BuildSummary[]> {
    const rows = await this.http.request<BuildSummaryWire[]>('GET', `${PREFIX}/builds`, { query: { ...params } });
    return rows.map(withCamelCase);
  }

  /** Cancels a running build (`status: "cancelled"`), or deletes a finished one with its files (`"deleted"`). */
  async cancel(sessionId: string): Promise<Cancelled> {
    return withCamelCase(await this.http.request<CancelledWire>('DELETE', `${PREFIX}/build/${id(sessionId)}`));
  }

  /** Deploys a completed build. */
  async deploy(sessionId: string, params: DeployParams = {}): Promise<Deployment> {
    const body = { environment: params.environment ?? 'production', ...params };
    const path = `${PREFIX}/deploy/${id(sessionId)}`;
    return withCamelCase(await this.http.request<DeploymentWire>('POST', path, { body }));
  }

  /** The build's events as they happen (those already sent first), with reconnection; see BuildSubscription. */
  subscribe(sessionId: string, options: SubscribeOptions = {}): BuildSubscription {
    return new BuildSubscription(this.http, sessionId, this.WebSocketImpl, options);
  }

  /** The build's plan: the one waiting for review (builds started with `reviewSpec`), or the one it was built from. */
  async getSpec(sessionId: string): Promise<Record<string, unknown>> {
    return this.http.request<Record<string, unknown>>('GET', `${PREFIX}/build/${id(sessionId)}/spec`);
  }

  /** Replaces the plan under review with an edited one (validated: a bad edit is an `InvalidRequestError` whose
   * `details.field` names where); it stays under review. */
  async updateSpec(sessionId: string, spec: Record<string, unknown>): Promise<ReviewAnswered> {
    const path = `${PREFIX}/build/${id(sessionId)}/spec`;
    return withCamelCase(await this.http.request<ReviewAnsweredWire>('PUT', path, { body: spec }));
  }

  /** Approves the plan under review, as it is or as the edited `spec`: the build goes on. */
  async approve(sessionId: string, params: { spec?: Record<string, unknown> } = {}): Promise<ReviewAnswered> {
    const path = `${PREFIX}/build/${id(sessionId)}/approve`;
    const body = params.spec === undefined ? {} : { spec: params.spec };
    return withCamelCase(await this.http.request<ReviewAnsweredWire>('POST', path, { body }));
  }

  /** Rejects the plan under review: the build ends cancelled. */
  async reject(sessionId: string): Promise<ReviewAnswered> {
    const path = `${PREFIX}/build/${id(sessionId)}/reject`;
    return withCamelCase(await this.http.request<ReviewAnsweredWire>('POST', path));
  }

  /** The app's versions, oldest first: v1 is the build, then one per revision or rollback. */
  async versions(sessionId: string): Promise<Version[]> {
    const path = `${PREFIX}/build/${id(sessionId)}/versions`;
    return (await this.http.request<VersionWire[]>('GET', path)).map(withCamelCase);
  }

  /** What version `version` changed, against the one before it or against `base`. */
  async diff(sessionId: string, version: number, params: { base?: number } = {}): Promise<VersionDiff> {
    const path = `${PREFIX}/build/${id(sessionId)}/versions/${version}/diff`;
    return withCamelCase(await this.http.request<VersionDiffWire>('GET', path, { query: { ...params } }));
  }

  /** A new version whose files are exactly those of `version` (every version stays). */
  async rollback(sessionId: string, version: number): Promise<Version> {
    const path = `${PREFIX}/build/${id(sessionId)}/rollback`;
    return withCamelCase(await this.http.request<VersionWire>('POST', path, { body: { version } }));
  }

  /** Starts a revision of the ended build's app: the next version, in the same session ("add a due date to
   * tasks"). Follow it with `subscribe(sessionId, { lastSeq: started.lastSeq })`. */
  async revise(sessionId: string, prompt: string): Promise<RevisionStarted> {
    const path = `${PREFIX}/build/${id(sessionId)}/revise`;
    const started = withCamelCase(await this.http.request<BuildStartedWire>('POST', path, { body: { prompt } }));
    const query = started.websocket_url.split('?')[1] ?? ''; // the URL may be relative to the server
    const lastSeq = Number(new URLSearchParams(query).get('last_seq') ?? 0);
    return Object.assign(started, { lastSeq });
  }
}

export class Templates {
  constructor(private readonly http: HttpClient) {}

  async list(): Promise<Template[]> {
    return (await this.http.request<TemplateWire[]>('GET', `${PREFIX}/templates`)).map(withCamelCase);
  }
}

export interface CreateKeyParams {
  name: string;
  /** Any of `build`, `deploy`, `read` (the server's default: `["read"]`). */
  permissions?: string[];
  /** Requests per minute this key may make. */
  rateLimit?: number;
}

/** API keys of the signed-in user. Keys cannot manage keys: use a client made with `{ token }`. */
export class Keys {
  constructor(private readonly http: HttpClient) {}

  /** The answer's `key` is the full `pk_live_...` key, shown only here. */
  async create(params: CreateKeyParams): Promise<ApiKey> {
    const body: Record<string, unknown> = { name: params.name };
    if (params.permissions !== undefined) body.permissions = params.permissions;
    if (params.rateLimit !== undefined) body.rate_limit = params.rateLimit;
    return withCamelCase(await this.http.request<ApiKeyWire>('POST', '/api/keys', { body }));
  }

  async list(): Promise<ApiKey[]> {
    return (await this.http.request<ApiKeyWire[]>('GET', '/api/keys')).map(withCamelCase);
  }

  async revoke(keyId: string): Promise<Revoked> {
    return withCamelCase(await this.http.request<RevokedWire>('DELETE', `/api/keys/${id(keyId)}`));
  }
}

export class Config {
  constructor(private readonly http: HttpClient) {}

  /** `{ models }`: every model the server could use, with its `status` (`available` or why not). */
  async models(): Promise<WithCamelCase<ModelsWire> & { models: Model[] }> {
    const answer = await this.http.request<ModelsWire>('GET', '/api/config/models');
    return withCamelCase({ ...answer, models: answer.models.map(withCamelCase) });
  }
}
