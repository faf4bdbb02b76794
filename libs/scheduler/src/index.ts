export * from './model.js';
export * from './targeting.js';
export * from './intervals.js';
export * from './airtime.js';
export * from './engine.js';
export * from './network.js';
