import type { ALBEvent } from 'aws-lambda';
import { checkBody, checkStringMap, lowerCaseHeaders, newCaller, toMultiValue } from './http.js';
import { DEFAULT_ACCOUNT, DEFAULT_REGION, hex } from './ids.js';
import { checkAgainst, checkOptions, checkType, type DeepPartial, deepMerge } from './merge.js';

/** Options for `createAlbEvent`: any event field (deep-merged), and the target group's settings. */
export interface AlbEventOptions extends DeepPartial<ALBEvent> {
  /**
   * The target group has multi-value headers on: the event carries multiValueHeaders and
   * multiValueQueryStringParameters instead of headers and queryStringParameters. Default false.
   */
  multiValue?: boolean;
  region?: string;
  accountId?: string;
}

/**
 * An Application Load Balancer request event: the target group ARN, method, path, query parameters
 * (as received, URL-encoded), lower-case headers and the body ('' when there is none). With
 * `multiValue: true`, the multi-value forms replace the single-value ones, as ALB sends them when the
 * target group enables multi-value headers.
 *
 * @example
 * const event = createAlbEvent({ httpMethod: 'POST', path: '/orders', body: '{"id":1}' });
 * event.requestContext.elb.targetGroupArn; // 'arn:aws:elasticloadbalancing:...'
 */
export function createAlbEvent(options: AlbEventOptions = {}): ALBEvent {
  const factory = 'createAlbEvent';
  checkOptions(factory, options);
  checkBody(factory, options.body, false);
  checkStringMap(factory, 'headers', options.headers);
  checkStringMap(factory, 'queryStringParameters', options.queryStringParameters);
  checkStringMap(factory, 'multiValueHeaders', options.multiValueHeaders, true);
  checkStringMap(factory, 'multiValueQueryStringParameters', options.multiValueQueryStringParameters, true);
  checkType(factory, 'multiValue', options.multiValue, 'boolean');
  checkType(factory, 'region', options.region, 'string');
  checkType(factory, 'accountId', options.accountId, 'string');
  const { multiValue = false, region = DEFAULT_REGION, accountId = DEFAULT_ACCOUNT, ...overrides } = options;
  const caller = newCaller(Date.now());
  const headers =
    (overrides.headers as Record<string, string>) ??
    lowerCaseHeaders(`my-load-balancer-${hex(4)}.${region}.elb.amazonaws.com`, caller, '80');
  const query = (overrides.queryStringParameters as Record<string, string>) ?? {};
  const template: ALBEvent = {
    requestContext: {
      elb: {
        targetGroupArn: `arn:aws:elasticloadbalancing:${region}:${accountId}:targetgroup/my-target-group/${hex(8)}`,
      },
    },
    httpMethod: 'GET',
    path: '/',
    body: '',
    isBase64Encoded: false,
  };
  if (multiValue) {
    template.multiValueQueryStringParameters = toMultiValue(query) ?? {};
    template.multiValueHeaders = toMultiValue(headers) ?? {};
  } else {
    template.queryStringParameters = query;
    template.headers = headers;
  }
  const { headers: _h, queryStringParameters: _q, ...rest } = overrides;
  checkAgainst(factory, template, rest, '');
  return deepMerge(template, rest);
}
