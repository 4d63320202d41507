-- A proposal's branch takes edits only while the proposal is open. The durable log asks this of
-- every row it appends to proposal_updates, in the same statement: the proposal's row is locked
-- for share, so closing it (merge or decline, an UPDATE of that row) waits for appends already
-- under way and every append after it is refused. A merge then reads every edit the branch
-- acknowledged, whichever instance its writer is connected to.
CREATE FUNCTION proposal_takes_edits(proposal uuid) RETURNS boolean
  LANGUAGE plpgsql VOLATILE
  AS $$
BEGIN
  PERFORM 1 FROM proposals WHERE id = proposal AND status = 'open' FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'proposal % is closed: its branch takes no more edits', proposal
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN true;
END
$$;
