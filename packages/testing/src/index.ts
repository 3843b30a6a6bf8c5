export { type CapturedLine, type CapturedOutput, captureOutput } from './capture-output.js';
export { type ContextOverrides, createContext } from './context.js';
export * from './events/index.js';
