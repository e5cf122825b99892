-- 0013 entities written where the indexes are already in memory. New entities took random (version 4) uuids, so
-- each one landed on a random page of every index that leads with the id: the entity's primary key and its
-- (id, entity_type) key, each version table's primary key, and the log's row-key index, whose keys begin with the
-- id as text. Once those indexes outgrow shared buffers, every row of a bulk import reads and dirties pages all
-- over them, and the first change of each page after a checkpoint writes the whole page to the WAL. Ids that begin
-- with the time (the layout of RFC 9562 version 7: 48 bits of milliseconds, 12 bits of sub-millisecond time, then
-- 62 random bits) keep the rows of one import next to each other in all of them. The ids stay unique (the primary
-- key still checks it) and are still never derived from anything the caller gives; the log commits to them as
-- before, and no leaf, payload or digest changes its form. The entity's stamp is set by assignment instead of a
-- round trip of the whole row through jsonb: the same columns, the same values.

SET LOCAL ROLE ledger_owner;
SET LOCAL search_path = ledger, pg_catalog;

CREATE FUNCTION ledger.time_ordered_uuid() RETURNS uuid
LANGUAGE plpgsql VOLATILE PARALLEL SAFE AS $$
DECLARE
    -- Read the clock once: microseconds since 1970 UTC. (In PL/pgSQL rather than SQL: an SQL function that needs
    -- a FROM to read the clock once is not inlined, and runs a small query for every id, four times the cost.)
    us constant bigint := (extract(epoch FROM clock_timestamp()) * 1000000)::bigint;
BEGIN
    RETURN encode(overlay(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(us / 1000) FROM 3) FROM 1 FOR 6)
                          PLACING int2send((28672 + (us % 1000) * 4)::int2) FROM 7 FOR 2), 'hex')::uuid;
END
$$;
COMMENT ON FUNCTION ledger.time_ordered_uuid() IS 'A new uuid that begins with the time (RFC 9562 version 7 layout: milliseconds since 1970 UTC, then the microseconds within the millisecond in the 12 bits after the version, then random bits): ids made together sort together, so the indexes led by them are written at one place rather than all over. The default of ledger.entity.id.';

ALTER TABLE ledger.entity ALTER COLUMN id SET DEFAULT ledger.time_ordered_uuid();
COMMENT ON COLUMN ledger.entity.id IS 'Internal identifier (uuid), committed to by the tamper-evident log. Since 0013 new ones begin with the time they were made (ledger.time_ordered_uuid); older ones are random.';

CREATE FUNCTION ledger.stamp_entity() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.created_at := now();
    NEW.created_by := session_user;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION ledger.stamp_entity() IS 'Trigger function: sets created_at and created_by of a new entity to the transaction''s time and the session user, whatever was given (what ledger.stamp_row(''created_at'', ''created_by'') does, without converting the row to jsonb and back).';

DROP TRIGGER entity_stamp ON ledger.entity;
CREATE TRIGGER entity_stamp BEFORE INSERT ON ledger.entity FOR EACH ROW EXECUTE FUNCTION ledger.stamp_entity();
COMMENT ON TRIGGER entity_stamp ON ledger.entity IS 'Sets created_at and created_by of every new entity (ledger.stamp_entity).';
