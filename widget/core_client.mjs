// The JavaScript side of widget/bindings.cpp: calls an exported C function with string, number
// object or byte (Uint8Array, copied into wasm memory; pass its length too) arguments (objects are
// sent as JSON) and returns its parsed JSON result ({ok: true, ...} or {ok: false, error}). Every string is made well-formed first: text cut in the middle of
// an emoji leaves a lone surrogate, which is not valid UTF-8 and would make core refuse the
// whole answer. Every buffer is freed.
export function coreClient(core) {
  const toWellFormed = (text) => (typeof text.toWellFormed === 'function'
    ? text.toWellFormed()
    : text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

  function call(name, ...args) {
    const fn = core[`_${name}`];
    if (typeof fn !== 'function') return { ok: false, error: { code: 'no_such_function', message: name } };
    const allocated = [];
    try {
      const cArgs = args.map((arg) => {
        if (arg instanceof Uint8Array) {
          const pointer = core._malloc(Math.max(arg.length, 1));
          core.HEAPU8.set(arg, pointer);
          allocated.push(pointer);
          return pointer;
        }
        if (arg !== null && typeof arg === 'object') {
          arg = JSON.stringify(arg, (key, value) => (typeof value === 'string' ? toWellFormed(value) : value));
        }
        if (typeof arg !== 'string') return arg;
        const text = toWellFormed(arg);
        const size = core.lengthBytesUTF8(text) + 1;
        const pointer = core._malloc(size);
        core.stringToUTF8(text, pointer, size);
        allocated.push(pointer);
        return pointer;
      });
      const resultPointer = fn(...cArgs);
      const text = core.UTF8ToString(resultPointer);
      core._sada_free(resultPointer);
      return JSON.parse(text);
    } finally {
      allocated.forEach((pointer) => core._free(pointer));
    }
  }

  // Copies size bytes at pointer out of wasm memory and frees them (for results that hand over a
  // malloc'd buffer, such as sada_outbox_image).
  function takeBytes(pointer, size) {
    const bytes = core.HEAPU8.slice(pointer, pointer + size);
    core._sada_free(pointer);
    return bytes;
  }

  return { call, takeBytes };
}
