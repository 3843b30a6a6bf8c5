// Mutation testing of @lambkit/idempotency: `npm run test:mutation -- idempotency` (see docs/contributing.md).
import { mutationConfig } from './base.config.mjs';

export default mutationConfig('idempotency');
