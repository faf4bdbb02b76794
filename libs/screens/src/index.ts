export * from './pairing-code.js';
export * from './operating-hours.js';
export * from './screen-rule.js';
export * from './stable-json.js';
