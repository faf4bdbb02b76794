export * from './screen-profiles.js';
export * from './geometry.js';
export * from './image-plan.js';
export * from './probe.js';
export * from './clip-plan.js';
export * from './ffmpeg-args.js';
export * from './acceptance.js';
