/**
 * The step-up coordinator's plan, as a table: when a batch may start, and in which order its contexts are asked for.
 * The coordinator's behaviour in flight (prompts one at a time, redeeming for the other API) is step-up-coordinator.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { batchMayStart, planOrder, rankOf } from '../../../../src/core/engine/step-up-plan';

type Entry = { readonly name: string; readonly roleIds: readonly string[]; readonly seq: number };
const entry = (name: string, seq: number, ...roleIds: string[]): Entry => ({ name, seq, roleIds });

describe('step-up plan: the order of a batch', () => {
  const expected = ['global-admin', 'owner', 'group-member'];
  it.each([
    {
      name: 'one context per role: the request’s order, whatever the order of arrival',
      queued: [entry('c3', 1, 'group-member'), entry('c1', 2, 'global-admin'), entry('c2', 3, 'owner')],
      order: ['c1', 'c2', 'c3'],
    },
    {
      name: 'a context several roles need is ranked by the first of them',
      queued: [entry('c7', 1, 'group-member'), entry('c5', 2, 'owner'), entry('c7+', 3, 'group-member', 'global-admin')],
      order: ['c7+', 'c5', 'c7'],
    },
    {
      name: 'ties (two contexts for one role, from one challenge each) keep their arrival order',
      queued: [entry('c9', 4, 'owner'), entry('c4', 2, 'owner'), entry('c1', 3, 'owner')],
      order: ['c4', 'c1', 'c9'],
    },
    {
      name: 'a step-up no expected role asked for (a read token’s step-up) comes last, in arrival order',
      queued: [entry('anon-2', 2), entry('stranger', 1, 'not-in-this-run'), entry('c2', 3, 'group-member')],
      order: ['c2', 'stranger', 'anon-2'],
    },
    { name: 'an empty batch', queued: [], order: [] },
  ])('$name', ({ queued, order }) => {
    expect(planOrder(queued, expected).map((e) => e.name)).toEqual(order);
  });

  it('ranks by the request’s order, infinitely late when no role of the run asked', () => {
    expect(rankOf(['owner', 'group-member'], expected)).toBe(1);
    expect(rankOf(new Set(['group-member']), expected)).toBe(2);
    expect(rankOf([], expected)).toBe(Number.POSITIVE_INFINITY);
    expect(rankOf(['elsewhere'], expected)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('step-up plan: when a batch may start', () => {
  const expected = ['a', 'b', 'c'];
  it.each([
    { name: 'every role waits on a step-up', finished: [], waiting: { a: 1, b: 2, c: 1 }, start: true },
    { name: 'some finished submitting, the others wait', finished: ['a', 'c'], waiting: { b: 1 }, start: true },
    { name: 'every role finished (a late challenge)', finished: ['a', 'b', 'c'], waiting: {}, start: true },
    { name: 'one role is still submitting with a plain token', finished: ['a'], waiting: { b: 1 }, start: false },
    { name: 'a role whose step-ups were all answered is not waiting any more', finished: [], waiting: { a: 1, b: 1, c: 0 }, start: false },
    { name: 'nobody asked yet', finished: [], waiting: {}, start: false },
  ])('$name: $start', ({ finished, waiting, start }) => {
    expect(batchMayStart(expected, new Set(finished), new Map(Object.entries(waiting)))).toBe(start);
  });

  it('a run expecting no role starts at once', () => {
    expect(batchMayStart([], new Set(), new Map())).toBe(true);
  });
});
