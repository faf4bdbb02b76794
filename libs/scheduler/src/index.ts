export * from './model.js';
export * from './targeting.js';
export * from './intervals.js';
// the filling (fillAirtime and what it reads) is @loa/protocol's: scheduler code imports it from there
export * from './engine.js';
export * from './network.js';
