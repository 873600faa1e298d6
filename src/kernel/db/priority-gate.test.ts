import { describe, expect, it } from 'vitest';
import { PriorityGate } from './priority-gate.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An operation that records its name when it ends and counts how many run at once. */
function recorder() {
  const order: string[] = [];
  let running = 0;
  let most = 0;
  const op =
    (name: string, ms = 5) =>
    async () => {
      running++;
      most = Math.max(most, running);
      await sleep(ms);
      order.push(name);
      running--;
    };
  return { order, op, most: () => most };
}

describe('PriorityGate', () => {
  it('runs one operation at a time, urgent waiters before normal ones, each group in order', async () => {
    const gate = new PriorityGate();
    const { order, op, most } = recorder();
    const all = [
      gate.run(op('first')),
      gate.run(op('n1')),
      gate.run(op('n2')),
      gate.run(op('u1'), 'urgent'),
      gate.run(op('u2'), 'urgent'),
    ];
    expect(gate.waiting).toBe(4);
    await Promise.all(all);
    expect(order).toEqual(['first', 'u1', 'u2', 'n1', 'n2']);
    expect(most()).toBe(1);
    expect(gate.waiting).toBe(0);
  });

  it('serves background waiters after every normal and urgent one', async () => {
    const gate = new PriorityGate();
    const { order, op, most } = recorder();
    await Promise.all([
      gate.run(op('first'), 'background'),
      gate.run(op('b1'), 'background'),
      gate.run(op('b2'), 'background'),
      gate.run(op('n1')),
      gate.run(op('u1'), 'urgent'),
      gate.run(op('n2')),
    ]);
    expect(order).toEqual(['first', 'u1', 'n1', 'n2', 'b1', 'b2']);
    expect(most()).toBe(1);
  });

  it('after a background operation, lets work that arrives on the next turns of the event loop go before the next one', async () => {
    const gate = new PriorityGate();
    const order: string[] = [];
    // A batch issues its statements back to back: the second is queued as soon as the first ends.
    const batch = (async () => {
      await gate.run(async () => void order.push('b1'), 'background');
      await gate.run(async () => void order.push('b2'), 'background');
    })();
    // A request read from a socket meanwhile: it runs on a later turn of the event loop.
    const request = new Promise<void>((done) =>
      setImmediate(() => void gate.run(async () => void order.push('request')).then(done)),
    );
    await Promise.all([batch, request]);
    expect(order).toEqual(['b1', 'request', 'b2']);
  });

  it('hands the resource on without a turn of the event loop after a normal operation', async () => {
    const gate = new PriorityGate();
    const order: string[] = [];
    const batch = (async () => {
      await gate.run(async () => void order.push('n1'));
      await gate.run(async () => void order.push('n2'));
    })();
    const later = new Promise<void>((done) =>
      setImmediate(() => void gate.run(async () => void order.push('later')).then(done)),
    );
    await Promise.all([batch, later]);
    expect(order).toEqual(['n1', 'n2', 'later']);
  });

  it('lets a background waiter that has waited backgroundMaxWaitMs go before normal ones', async () => {
    const gate = new PriorityGate({ backgroundMaxWaitMs: 20 });
    const { order, op } = recorder();
    await Promise.all([
      gate.run(op('first', 40)),
      gate.run(op('b1'), 'background'),
      gate.run(op('n1')),
      gate.run(op('n2')),
    ]);
    // b1 had waited 40 ms when `first` ended; the normal ones then go, in order.
    expect(order).toEqual(['first', 'b1', 'n1', 'n2']);
  });

  it('passes results and errors through and frees the resource after a failure, in every lane', async () => {
    const gate = new PriorityGate();
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(async () => Promise.reject(new Error('bg')), 'background')).rejects.toThrow('bg');
    await expect(gate.run(async () => 42)).resolves.toBe(42);
    await expect(gate.run(async () => 43, 'background')).resolves.toBe(43);
    expect(gate.waiting).toBe(0);
  });
});
