import { createSocket } from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startXrayDaemon, type XrayDaemon } from '../index.js';

const HEADER = '{"format":"json","version":1}';

function send(daemon: XrayDaemon, text: string): Promise<void> {
  const client = createSocket('udp4');
  return new Promise((resolve, reject) => {
    client.send(Buffer.from(text), daemon.port, '127.0.0.1', (error) => {
      client.close();
      if (error) reject(error);
      else resolve();
    });
  });
}

function subsegment(name: string): string {
  return JSON.stringify({
    name,
    id: '53995c3f42cd8ad8',
    trace_id: '1-5759e988-bd862e3fe1be46a994272793',
    parent_id: 'a1b2c3d4e5f60718',
    start_time: 1700000000.1,
    end_time: 1700000000.2,
    type: 'subsegment',
  });
}

describe('startXrayDaemon', () => {
  let daemon: XrayDaemon;
  beforeEach(async () => {
    daemon = await startXrayDaemon();
  });
  afterEach(async () => {
    await daemon.close();
  });

  it('listens on a free loopback port and reports it as a daemon address', () => {
    expect(daemon.port).toBeGreaterThan(0);
    expect(daemon.address).toBe(`127.0.0.1:${daemon.port}`);
  });

  it('parses each datagram after its header line, in arrival order', async () => {
    await send(daemon, `${HEADER}\n${subsegment('first')}`);
    await send(daemon, `${HEADER}\n${subsegment('second')}`);

    const documents = await daemon.waitFor(2);

    expect(documents.map((document) => document.name)).toEqual(['first', 'second']);
    expect(documents[0]).toMatchObject({ type: 'subsegment', parent_id: 'a1b2c3d4e5f60718' });
  });

  it('resolves a predicate with the first matching document, even one that arrives later', async () => {
    const waiting = daemon.waitFor((document) => document.name === 'wanted');
    await send(daemon, `${HEADER}\n${subsegment('other')}`);
    await send(daemon, `${HEADER}\n${subsegment('wanted')}`);

    const found = await waiting;

    expect(found.name).toBe('wanted');
    expect(daemon.documents).toHaveLength(2);
  });

  it('rejects datagrams without the protocol header line and keeps them apart', async () => {
    await send(daemon, subsegment('no header'));
    await send(daemon, `{"format":"xml","version":1}\n${subsegment('wrong header')}`);
    await send(daemon, `${HEADER}\nnot json`);
    await send(daemon, `${HEADER}\n${subsegment('good')}`);

    await daemon.waitFor(1);

    expect(daemon.documents.map((document) => document.name)).toEqual(['good']);
    expect(daemon.rejected.map((datagram) => datagram.reason)).toEqual([
      'no newline after the header line',
      'unexpected header line: {"format":"xml","version":1}',
      expect.stringMatching(/^document is not JSON/),
    ]);
  });

  it('fails a wait that times out, naming what did arrive', async () => {
    await send(daemon, `${HEADER}\n${subsegment('only one')}`);
    await daemon.waitFor(1);

    await expect(daemon.waitFor(2, 50)).rejects.toThrow(
      'X-Ray daemon: no 2 documents within 50 ms; received 1: "only one"',
    );
  });

  it('forgets what it received on clear', async () => {
    await send(daemon, `${HEADER}\n${subsegment('before clear')}`);
    await daemon.waitFor(1);

    daemon.clear();

    expect(daemon.documents).toEqual([]);
  });

  it('refuses a count that is not a whole number', () => {
    expect(() => daemon.waitFor(-1)).toThrow('waitFor: count must be a whole number >= 0, got -1');
  });
});
