// Namespace name -> strings, from the JSON files one language folder holds (import.meta.glob).
export type Bundles = Record<string, Record<string, unknown>>;

export function bundles(files: Record<string, { default: Record<string, unknown> }>): Bundles {
  const out: Bundles = {};
  for (const [path, module] of Object.entries(files)) {
    const ns = /\/([\w-]+)\.json$/.exec(path)?.[1];
    if (ns) out[ns] = module.default;
  }
  return out;
}
