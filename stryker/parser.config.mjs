// Mutation testing of @lambkit/parser: `npm run test:mutation -- parser` (see docs/contributing.md).
import { mutationConfig } from './base.config.mjs';

export default mutationConfig('parser');
