import unhomoglyph from 'unhomoglyph'

/**
 * The form two usernames are compared in, so that look-alikes count as the same name: NFKC
 * (fullwidth `ａｄｍｉｎ` is `admin`), lower case, then the Unicode TR39 skeleton (NFD, every
 * character replaced by its prototype in Unicode's confusables table, NFD again), lower-cased
 * once more because some prototypes are capitals (`0` → `O`). Cyrillic `аdmin` and Latin
 * `admin` share a skeleton, and so do `rn` and `m`. The key is never shown.
 *
 * The table is the pinned `unhomoglyph` package; a new version of it changes keys, so
 * upgrading it means recomputing the stored column (see docs/ACCOUNTS.md).
 */
export function usernameSkeleton(username: string): string {
  const folded = username.normalize('NFKC').toLowerCase()
  return unhomoglyph(folded.normalize('NFD')).normalize('NFD').toLowerCase()
}
