// Mutation testing of @lambkit/metrics: `npm run test:mutation -- metrics` (see docs/contributing.md).
import { mutationConfig } from './base.config.mjs';

export default mutationConfig('metrics');
