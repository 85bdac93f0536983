// `Promise.withResolvers` (ES2024, Node 22) for Node 20: libp2p 3 and its transports, muxers and gossipsub call it
// when they open connections and streams. Imported for its side effect before libp2p is used (DESIGN "Toolchain").
// The dependencies call it only at run time, never while their modules load, so installing it when this module is
// evaluated (even after libp2p's modules, as happens once tsup has bundled the package) is early enough.

interface PromiseWithResolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

type PromiseConstructorWithResolvers = PromiseConstructor & {
  withResolvers?: <T>() => PromiseWithResolvers<T>;
};

const PromiseWithStatics = Promise as PromiseConstructorWithResolvers;

if (typeof PromiseWithStatics.withResolvers !== "function") {
  Object.defineProperty(Promise, "withResolvers", {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function withResolvers<T>(this: PromiseConstructor): PromiseWithResolvers<T> {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      // `this` keeps subclass behaviour (`MyPromise.withResolvers()`), as the specification does.
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export {};
