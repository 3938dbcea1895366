/** nexusforge-sdk: `import NexusForge from 'nexusforge-sdk'` (or `const NexusForge = require('nexusforge-sdk')`). */

import { NexusForge } from './client.js';

export { NexusForge, DEFAULT_BASE_URL, VERSION, type ClientOptions } from './client.js';
export * from './errors.js';
export { BuildSubscription } from './subscription.js';
export type { EndInfo, EndReason, EventName, ReconnectInfo, SubscribeOptions, SubscriptionEvents } from './subscription.js';
export { Builds, Config, Keys, Templates } from './resources.js';
export type { CreateBuildParams, CreateKeyParams, DeployParams, FromTemplateParams, ListBuildsParams } from './resources.js';
export type { WebSocketConstructor, SocketLike } from './socket.js';
export type * from './wire.js';

export default NexusForge;
