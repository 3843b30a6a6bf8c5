// Mutation testing of @lambkit/parameters: `npm run test:mutation -- parameters` (see docs/contributing.md).
import { mutationConfig } from './base.config.mjs';

export default mutationConfig('parameters');
