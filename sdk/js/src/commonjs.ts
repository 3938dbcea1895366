/**
 * The CommonJS entry: `require('nexusforge-sdk')` is the NexusForge class itself, as in the contract's example
 * (`const NexusForge = require('nexusforge-sdk'); new NexusForge({...})`), with the named exports
 * (`NexusForge`, the error classes, ...) and `default` on it too.
 */

import * as sdk from './index.js';

const exported = Object.assign(sdk.NexusForge, sdk, { default: sdk.NexusForge });

export = exported;
