-- Which edition of the seeded encyclopedia a seeded space holds. No row for a space seeded
-- before editions were recorded: it holds the first edition.

CREATE TABLE seed_editions (
  space_id uuid PRIMARY KEY REFERENCES spaces (id) ON DELETE CASCADE,
  edition integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
