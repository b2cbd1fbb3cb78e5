export * from './messages.js';
export * from './errors.js';
export * from './limits.js';
export * from './codec.js';
export * from './base64.js';
export * from './client.js';
export * from './batch.js';
