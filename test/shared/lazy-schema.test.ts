/** lazySchema: the schema is built on first use, and is then the schema itself to every reader. */
import type * as zod from 'zod';
import { z } from 'zod';
import { describe, expect, it, vi } from 'vitest';
import { lazySchema } from '../../shared/ipc/lazy-schema';

type ZodModule = typeof zod;

const eager = (): z.ZodObject<{ name: z.ZodString; count: z.ZodNumber }> =>
  z.strictObject({ name: z.string().max(5), count: z.number().int() });

describe('lazySchema', () => {
  it('builds nothing until first read, then once', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds += 1;
      return eager();
    });
    const nested = lazySchema(() => z.object({ inner: schema }));
    expect(builds).toBe(0);
    expect(nested.safeParse({ inner: { name: 'a', count: 1 } }).success).toBe(true);
    expect(builds).toBe(1);
    expect(schema.parse({ name: 'b', count: 2 })).toEqual({ name: 'b', count: 2 });
    expect(builds).toBe(1);
  });

  it('parses, refuses and describes exactly as the schema it builds', () => {
    const lazy = lazySchema(eager);
    const built = eager();
    for (const value of [
      { name: 'abc', count: 3 },
      { name: 'abcdef', count: 3 },
      { name: 'abc', count: 1.5 },
      { name: 'abc', count: 3, extra: true },
      undefined,
    ]) {
      const a = lazy.safeParse(value);
      const b = built.safeParse(value);
      expect(a.success).toBe(b.success);
      expect(a.error?.issues).toEqual(b.error?.issues);
    }
    expect(z.toJSONSchema(lazy)).toEqual(z.toJSONSchema(built));
  });

  it('is an instance of its schema class, with its shape and methods', () => {
    const lazy = lazySchema(eager);
    expect(lazy).toBeInstanceOf(z.ZodObject);
    expect('shape' in lazy).toBe(true);
    expect(Object.keys(lazy.shape)).toEqual(['name', 'count']);
    const extended = lazy.extend({ flag: z.boolean() });
    expect(extended.safeParse({ name: 'a', count: 1, flag: true }).success).toBe(true);
    expect(lazy.pick({ name: true }).safeParse({ name: 'a' }).success).toBe(true);
    expect(
      z
        .array(lazy)
        .max(1)
        .safeParse([{ name: 'a', count: 1 }]).success,
    ).toBe(true);
    expect(lazy.optional().safeParse(undefined).success).toBe(true);
  });
});

describe('the IPC contract', () => {
  it('builds no zod schema when it loads, and a method’s schemas at its first call', async () => {
    const actual = await vi.importActual<ZodModule>('zod');
    const built: string[] = [];
    // Every z.<builder>(…) the contract's modules call is counted.
    const counting = new Proxy(actual.z, {
      get: (target, key, receiver) => {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          built.push(String(key));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    vi.resetModules();
    vi.doMock('zod', () => ({ ...actual, z: counting }));
    try {
      const ipc = await import('../../shared/ipc');
      expect(Object.keys(ipc.methods)).toContain('balances.get');
      expect(built).toEqual([]);
      expect(ipc.methods['app.getInfo'].params.safeParse(undefined).success).toBe(true);
      expect(built).toContain('undefined');
    } finally {
      vi.doUnmock('zod');
      vi.resetModules();
    }
  });
});
