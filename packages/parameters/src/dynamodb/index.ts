export { DynamoDBProvider } from './dynamodb-provider.js';
