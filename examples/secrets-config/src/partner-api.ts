import { DownstreamError } from './database.js';

/**
 * Asks the partner's credit API for a customer's score, with the API key in the `x-api-key` header.
 *
 * @example
 * await fetchCreditScore('https://partner.example.com', apiKey, 'c-1001', AbortSignal.timeout(3000)); // 712
 */
export async function fetchCreditScore(
  baseUrl: string,
  apiKey: string,
  customerId: string,
  signal: AbortSignal,
): Promise<number> {
  const url = new URL(`/v1/credit-scores/${encodeURIComponent(customerId)}`, baseUrl);
  const response = await fetch(url, { headers: { accept: 'application/json', 'x-api-key': apiKey }, signal });
  if (!response.ok) throw new DownstreamError('partner API', response.status);
  const { score } = (await response.json()) as { score: number };
  return score;
}
