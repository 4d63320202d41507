import { posix } from 'node:path'

/** Where a file of an archive goes in the page tree: the path of its parent's file (or folder, `dir/`), and its place. */
export type FolderTree = Map<string, { parent: string | null; position: number }>

const MARKDOWN_EXTENSION = /\.(md|markdown)$/iu

/**
 * The page tree of an archive's folders (an Obsidian vault, an Outline or Docmost export):
 * a file's parent is its folder's page — the folder's own note (`Folder.md` beside the folder,
 * or `Folder/Folder.md` inside it) or else a new empty page, named `folder/` here (listed in
 * `folders`, to be created). Siblings are ordered by name, folders and files together.
 */
export function folderTree(paths: string[]): { tree: FolderTree; folders: string[] } {
  const byLowerPath = new Map(paths.map((path) => [path.toLowerCase(), path]))
  const folders = new Set<string>()
  const noteOf = (folder: string): string | undefined => {
    const name = posix.basename(folder)
    for (const candidate of [`${folder}.md`, `${folder}.markdown`, `${folder}/${name}.md`, `${folder}/${name}.markdown`]) {
      const found = byLowerPath.get(candidate.toLowerCase())
      if (found) return found
    }
    return undefined
  }
  // The page standing for a folder ('.' is the top level: none).
  const pageFor = (folder: string): string | null => {
    if (folder === '.' || folder === '') return null
    const note = noteOf(folder)
    if (note) return note
    folders.add(folder)
    return `${folder}/`
  }
  const parentOf = (path: string): string | null => {
    const folder = path.endsWith('/') ? posix.dirname(path.slice(0, -1)) : posix.dirname(path)
    // A folder's note inside it (`Folder/Folder.md`) stands for the folder: its parent is the folder's parent.
    if (!path.endsWith('/') && noteOf(folder) === path && posix.basename(path).replace(MARKDOWN_EXTENSION, '').toLowerCase() === posix.basename(folder).toLowerCase()) {
      return pageFor(posix.dirname(folder))
    }
    return pageFor(folder)
  }
  const parents = new Map<string, string | null>()
  for (const path of paths) parents.set(path, parentOf(path))
  // Folders found while resolving parents need parents too (and may add more).
  for (const folder of folders) parents.set(`${folder}/`, parentOf(`${folder}/`))

  const siblings = new Map<string | null, string[]>()
  for (const [path, parent] of parents) siblings.set(parent, [...(siblings.get(parent) ?? []), path])
  const tree: FolderTree = new Map()
  const nameOf = (path: string) => posix.basename(path).replace(MARKDOWN_EXTENSION, '').toLowerCase()
  for (const [parent, children] of siblings) {
    children.sort((a, b) => nameOf(a).localeCompare(nameOf(b)) || a.localeCompare(b))
    children.forEach((path, position) => tree.set(path, { parent, position }))
  }
  return { tree, folders: [...folders] }
}
