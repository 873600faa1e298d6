import { describe, expect, it } from 'vitest';
import { PriorityGate } from './priority-gate.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('PriorityGate', () => {
  it('runs one operation at a time, urgent waiters before normal ones, each group in order', async () => {
    const gate = new PriorityGate();
    const order: string[] = [];
    let running = 0;
    let most = 0;
    const op = (name: string) => async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      order.push(name);
      running--;
    };
    const all = [
      gate.run(op('first')),
      gate.run(op('n1')),
      gate.run(op('n2')),
      gate.run(op('u1'), true),
      gate.run(op('u2'), true),
    ];
    expect(gate.waiting).toBe(4);
    await Promise.all(all);
    expect(order).toEqual(['first', 'u1', 'u2', 'n1', 'n2']);
    expect(most).toBe(1);
    expect(gate.waiting).toBe(0);
  });

  it('passes results and errors through and frees the resource after a failure', async () => {
    const gate = new PriorityGate();
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(async () => 42)).resolves.toBe(42);
  });
});
