// DynamoDB tables on dynalite for the tests of the DynamoDB provider.
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';

/**
 * Creates a table and waits until it is ACTIVE. dynalite answers CREATING and turns the table ACTIVE
 * on a timer, even with createTableMs 0; until then every item request fails with
 * ResourceNotFoundException, which a loaded machine lets a test reach.
 */
export async function createActiveTable(
  client: DynamoDBClient,
  input: CreateTableCommandInput,
): Promise<void> {
  await client.send(new CreateTableCommand(input));
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: input.TableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
