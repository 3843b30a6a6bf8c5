export { makeHandlerIdempotent } from './make-handler-idempotent.js';
