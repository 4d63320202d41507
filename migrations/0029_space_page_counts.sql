-- A space's count of live pages, kept as pages come and go, so its home need not count 100,000
-- index entries on every visit (125 ms at that size). Triggers keep it: every path that adds,
-- deletes, restores or moves a page updates the count in the same transaction, whichever module
-- wrote the page.
CREATE TABLE space_page_counts (
  space_id uuid PRIMARY KEY REFERENCES spaces (id) ON DELETE CASCADE,
  live integer NOT NULL DEFAULT 0 CHECK (live >= 0)
);
INSERT INTO space_page_counts (space_id, live)
  SELECT s.id, count(p.id) FILTER (WHERE p.deleted_at IS NULL) FROM spaces s LEFT JOIN pages p ON p.space_id = s.id GROUP BY s.id;

CREATE FUNCTION space_page_counts_new_space() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  INSERT INTO space_page_counts (space_id) VALUES (NEW.id);
  RETURN NULL;
END
$$;
CREATE TRIGGER spaces_page_count_row AFTER INSERT ON spaces
  FOR EACH ROW EXECUTE FUNCTION space_page_counts_new_space();

-- An UPDATE only, never an insert: when a space is deleted, its pages go by cascade after its
-- count row, and there is nothing left to count.
CREATE FUNCTION space_page_counts_follow_page() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.deleted_at IS NULL THEN
    UPDATE space_page_counts SET live = live - 1 WHERE space_id = OLD.space_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.deleted_at IS NULL THEN
    UPDATE space_page_counts SET live = live + 1 WHERE space_id = NEW.space_id;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER pages_space_page_count AFTER INSERT OR DELETE OR UPDATE OF space_id, deleted_at ON pages
  FOR EACH ROW EXECUTE FUNCTION space_page_counts_follow_page();
