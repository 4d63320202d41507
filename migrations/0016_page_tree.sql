-- The page tree: a page may sit under a parent page of its space, ordered by hand among its
-- siblings; and a space may describe itself on its home.

ALTER TABLE pages ADD COLUMN parent_id uuid REFERENCES pages (id) ON DELETE SET NULL;
-- 0, 1, 2… among the live pages that share a parent (renumbered on every move).
ALTER TABLE pages ADD COLUMN position integer NOT NULL DEFAULT 0;
CREATE INDEX pages_parent_idx ON pages (space_id, parent_id, position) WHERE deleted_at IS NULL;

-- Existing pages start at the top level, in title order.
UPDATE pages p SET position = r.n
FROM (SELECT id, (row_number() OVER (PARTITION BY space_id ORDER BY title_key) - 1)::integer AS n
      FROM pages WHERE deleted_at IS NULL) r
WHERE p.id = r.id;

ALTER TABLE spaces ADD COLUMN description text NOT NULL DEFAULT '';
