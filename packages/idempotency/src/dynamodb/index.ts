export { DynamoDBPersistenceLayer } from './dynamodb-persistence-layer.js';
