export * from './messages.js';
export * from './validate.js';
export * from './plan.js';
export * from './clock.js';
export * from './airtime.js';
export * from './loop-sums.js';
