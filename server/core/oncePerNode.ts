import type { Node as ProseMirrorNode } from '@tiptap/pm/model'

/**
 * `derive`, computed once per document node: an indexer's skip check and its run ask for the
 * same extraction of the same read of a page, and the second gets the first's result.
 */
export function oncePerNode<T>(derive: (node: ProseMirrorNode) => T): (node: ProseMirrorNode) => T {
  const derived = new WeakMap<ProseMirrorNode, T>()
  return (node) => {
    if (!derived.has(node)) derived.set(node, derive(node))
    return derived.get(node) as T
  }
}
