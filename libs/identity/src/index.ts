export * from './roles.js';
export * from './organisation-tree.js';
export * from './scope.js';
