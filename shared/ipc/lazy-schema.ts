/**
 * A schema built on first use. The contract has some 200 zod schemas; building them all when the
 * module loads cost the main process ~60 ms at every start (bench/storage.bench.ts), most of it
 * for methods the start never calls. `lazySchema(() => z.object({…}))` is the schema itself to
 * every reader (same type, same methods, same parsing: every property is the built schema's),
 * but `build` runs only when something first reads it: a parse, `.extend`, `.shape`, or a schema
 * built from it. Pure: no DOM, no Node.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const schema = (): T => (built ??= build());
  // The target is a stand-in: every trap answers from the built schema.
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(schema(), key),
    has: (_target, key) => Reflect.has(schema(), key),
    set: (_target, key, value) => Reflect.set(schema(), key, value),
    ownKeys: () => Reflect.ownKeys(schema()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      // A proxy may not report a property its stand-in lacks as non-configurable.
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(schema(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(schema(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
